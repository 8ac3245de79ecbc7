/**
 * The scripts the program has parsed, by CDP script id, with the local file each maps to.
 * Script URLs come as `file://` URLs (CommonJS and ESM in current Node), as plain paths
 * (older Node), or as `node:` internals and our own `tfjs-debugger:` runtime.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CdpConnection } from '../cdp/connection';
import { runtimeSourceUrls } from '../../protocol/runtimeApi';

export interface Script {
  id: string;
  url: string;
  sourceMapURL?: string;
  /** The local file, for scripts that are files. */
  path?: string;
}

/** The local file a script URL names, if it names one. */
export function pathOfUrl(url: string): string | undefined {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  return path.isAbsolute(url) ? url : undefined;
}

export class ScriptRegistry {
  private readonly scripts = new Map<string, Script>();
  private readonly idByUrl = new Map<string, string>();

  constructor(connection: CdpConnection) {
    connection.on('Debugger.scriptParsed', ({ scriptId, url, sourceMapURL }) => {
      this.scripts.set(scriptId, { id: scriptId, url, path: pathOfUrl(url), sourceMapURL: sourceMapURL || undefined });
      if (url) this.idByUrl.set(url, scriptId);
    });
  }

  get(scriptId: string): Script | undefined {
    return this.scripts.get(scriptId);
  }

  /** The id of the script last parsed from a URL; undefined before V8 has parsed it. */
  idOf(url: string): string | undefined {
    return this.idByUrl.get(url);
  }

  all(): IterableIterator<Script> {
    return this.scripts.values();
  }

  /** Whether a script is the runtime's own (hidden from the user). */
  isRuntime(scriptId: string): boolean {
    return runtimeSourceUrls.includes(this.scripts.get(scriptId)?.url ?? '');
  }
}
