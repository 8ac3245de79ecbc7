/**
 * Source maps of a followed page's scripts, read over HTTP (or from `data:` URLs) as the page
 * announces its scripts (`Debugger.scriptParsed`, also for those already loaded when
 * `Debugger.enable` is sent), without holding the page: a bundled app's profile and tapes then
 * name the files and lines it was written in, mapped to local files by the JavaScript
 * debugger's `webRoot` (pageSources.ts). For a bundle that holds library code (tfjs bundled
 * with the app), the ranges of that code go to the runtime, which credits ops to the user's
 * frames around them. Kept apart from the program's own source maps (SourceMaps of
 * ProgramDebugger): the other debugger shows the page's frames and sets its breakpoints, and
 * a bundle's break locations would be read at every stop for nothing. A map that could not be
 * read is read once more when the maps are next awaited (a profile or a tape is asked for),
 * and what went wrong is said in the Debug Console: the page's lines stay the served ones.
 *
 * js-debug's proxy forwards `Debugger.scriptParsed` only from its subscription on: the scripts
 * a page parsed before the companion connected are announced by {@link loaded} instead, their
 * map URLs read from the scripts as served.
 */
import { existsSync } from 'node:fs';
import type { CodeKind, ScriptCodeRanges } from '../../protocol/runtimeApi';
import { libraryRegex, modelPackage } from '../../common/libraryPatterns';
import { bundleRanges } from './bundleRanges';
import { localPathOfSource } from './pageSources';
import { dataUrlText, type OriginalPosition, SourceMaps } from './sourceMaps';

/** How the page's scripts are read: settings of the companion attach. */
export interface PageSourceSettings {
  /** The JavaScript debugger's `webRoot`: the local folder the page's URLs are served from; empty when unknown. */
  readonly webRoot: string;
  /** Regex sources of library code (the runtime's `libraryPatterns`), applied to script URLs and original files. */
  readonly libraryPatterns: readonly string[];
}

/**
 * How long a source map may take to arrive before the page's lines stay generated ones. A
 * bundle's map holds all of tfjs's sources (megabytes), which a loaded machine, the page and
 * the editor competing for its CPU, may serve and parse slowly.
 */
const fetchTimeoutMs = 60_000;

/** The `sourceMappingURL` a script's text ends with (its last `//# sourceMappingURL=` comment), if any. */
export function sourceMappingUrlOf(text: string): string | undefined {
  const matches = [...text.slice(-4096).matchAll(/\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/gm)];
  return matches.at(-1)?.[1];
}

export class PageSourceMaps {
  private readonly maps = new SourceMaps();
  private readonly library: RegExp;
  /** Per script (URL and content hash): its code ranges once read (undefined: all the user's, or no map). */
  private readonly read = new Map<string, Promise<ScriptCodeRanges | undefined>>();
  private readonly pending = new Set<Promise<void>>();
  /** Per page script without a map: its local file under the web root ('' for none). */
  private readonly localFiles = new Map<string, string>();
  /** The scripts whose map could not be read, by key, to read once more; and those read once more. */
  private readonly failed = new Map<string, { url: string; sourceMapURL: string; hash: string }>();
  private readonly retried = new Set<string>();
  /** The URLs of the scripts announced so far. */
  private readonly announced = new Set<string>();

  constructor(
    private readonly settings: PageSourceSettings,
    /** Hands a bundle's ranges to the page's runtime (again for each document that parses it). */
    private readonly sendRanges: (scriptUrl: string, ranges: ScriptCodeRanges) => Promise<void>,
    /** Says that a script's map could not be read, and why. */
    private readonly report: (message: string) => void = () => undefined,
  ) {
    this.library = libraryRegex(settings.libraryPatterns);
  }

  /** A script the page parsed, with a source map: its map is read, and its ranges sent where it bundles library code. */
  scriptParsed(url: string, sourceMapURL: string, hash: string): void {
    if (!/^https?:/.test(url) || !sourceMapURL || this.library.test(url)) return;
    this.announced.add(url);
    const key = `${url}#${hash}`;
    let ranges = this.read.get(key);
    if (!ranges) this.read.set(key, (ranges = this.loadOrNote(key, url, sourceMapURL, hash)));
    const work = ranges.then((found) => (found ? this.sendRanges(url, found) : undefined)).catch(() => undefined);
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /**
   * The scripts the page had loaded before its announcements reached here (`urls`, resolved
   * later: the page is asked for them): each not announced since is read as served for its
   * `sourceMappingURL` (or `SourceMap` header), and announced with it. {@link settled} waits for it.
   */
  loaded(urls: Promise<string[]>): void {
    const work = urls
      .then((list) =>
        Promise.all(list.filter((url) => /^https?:/.test(url) && !this.announced.has(url) && !this.library.test(url)).map((url) => this.announceServed(url))),
      )
      .then(() => undefined)
      .catch(() => undefined);
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async announceServed(url: string): Promise<void> {
    const response = await fetch(url, { signal: AbortSignal.timeout(fetchTimeoutMs) });
    if (!response.ok) return;
    const sourceMapURL = response.headers.get('SourceMap') ?? response.headers.get('X-SourceMap') ?? sourceMappingUrlOf(await response.text());
    if (sourceMapURL && !this.announced.has(url)) this.scriptParsed(url, sourceMapURL, '');
  }

  /** Resolves once the maps of the scripts announced so far are read and their ranges sent; a map that failed is read once more first. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    for (const [key, script] of this.failed) {
      if (this.retried.has(key)) continue;
      this.retried.add(key);
      this.failed.delete(key);
      this.read.delete(key);
      this.scriptParsed(script.url, script.sourceMapURL, script.hash);
    }
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Reads a script's map; a failure is noted for one more read and said. */
  private async loadOrNote(key: string, url: string, sourceMapURL: string, hash: string): Promise<ScriptCodeRanges | undefined> {
    try {
      return await this.load(url, sourceMapURL);
    } catch (error) {
      const again = !this.retried.has(key);
      if (again) this.failed.set(key, { url, sourceMapURL, hash });
      const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
      this.report(
        `tfjs-debugger: the source map of ${url} could not be read (${reason})${again ? '; it is read again when a profile or tape is asked for' : ''}. Until it is, the profile and tapes name the page's lines as served.`,
      );
      return undefined;
    }
  }

  /**
   * The original position of a generated one (line and column 0-based, as CDP has them); for
   * a page script without a map, the same position in its local file under the web root, where
   * that file is (the JavaScript debugger shows the script there too).
   */
  toOriginal(scriptUrl: string, lineNumber: number, columnNumber: number): OriginalPosition | undefined {
    const mapped = this.maps.toOriginal(scriptUrl, lineNumber, columnNumber);
    if (mapped || !/^https?:/.test(scriptUrl)) return mapped;
    let local = this.localFiles.get(scriptUrl);
    if (local === undefined) {
      const candidate = localPathOfSource(scriptUrl, scriptUrl, this.settings.webRoot);
      this.localFiles.set(scriptUrl, (local = candidate !== scriptUrl && existsSync(candidate) ? candidate : ''));
    }
    return local ? { path: local, line: lineNumber + 1, column: columnNumber } : undefined;
  }

  private async load(url: string, sourceMapURL: string): Promise<ScriptCodeRanges | undefined> {
    const mapUrl = sourceMapURL.startsWith('data:') ? url : new URL(sourceMapURL, url).href;
    let json: string;
    if (sourceMapURL.startsWith('data:')) json = dataUrlText(sourceMapURL);
    else if (/^https?:/.test(mapUrl)) {
      const response = await fetch(mapUrl, { signal: AbortSignal.timeout(fetchTimeoutMs) });
      if (!response.ok) throw new Error(`${mapUrl} answered ${response.status} ${response.statusText}`);
      json = await response.text();
    } else return undefined;
    const script = this.maps.add(url, json, mapUrl, (source) => localPathOfSource(source, url, this.settings.webRoot));
    if (!script) return undefined;
    const kinds = script.map.resolvedSources.map((source, index) => this.kindOf(source, script.sources[index]));
    if (!kinds.some((kind) => kind !== 'user')) return undefined;
    return bundleRanges(script.map, kinds);
  }

  /** What an original file of a bundle is, by its URL as the map resolves it or its local path. */
  private kindOf(source: string, localPath: string): CodeKind {
    if (!this.library.test(source) && !this.library.test(localPath)) return 'user';
    return modelPackage.test(source) || modelPackage.test(localPath) ? 'model' : 'library';
  }
}
