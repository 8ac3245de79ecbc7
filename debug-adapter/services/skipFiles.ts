/**
 * Just-my-code: the `skipFiles` globs (`<node_internals>/**` for Node's own modules, paths
 * with `*` and `**` otherwise), turned into CDP blackbox patterns so that V8 steps through
 * skipped code, and into a matcher so that a step that still lands there (V8 does not
 * blackbox some of Node's internal modules) goes on, and skipped frames are dimmed.
 * The runtime's own code is always skipped.
 */
import { pathToFileURL } from 'node:url';
import { runtimeSourceUrls } from '../../protocol/runtimeApi';
import { escapeRegex } from './escapeRegex';

const nodeInternals = '<node_internals>';

/** A regex source for a path glob: `**` any folders, `*` within one name, `?` one character. */
export function globToRegex(glob: string): string {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += escapeRegex(char);
    }
  }
  return source;
}

/** The CDP pattern for one `skipFiles` entry, matching script URLs. */
export function skipPattern(glob: string): string {
  if (glob.startsWith(nodeInternals)) return '^node:';
  if (glob.startsWith('**')) return `${globToRegex(glob)}$`;
  // An absolute glob matches the file's path or its file:// URL.
  const asUrl = glob.startsWith('/') ? pathToFileURL('/').href.slice(0, -1) : '';
  return `^(?:${escapeRegex(asUrl)})?${globToRegex(glob)}$`;
}

export class SkipFiles {
  /** The patterns for `Debugger.setBlackboxPatterns`. */
  readonly cdpPatterns: string[];
  private readonly matchers: RegExp[];
  private readonly skipsNodeInternals: boolean;

  constructor(globs: readonly string[]) {
    this.cdpPatterns = [...globs.map(skipPattern), ...runtimeSourceUrls.map((url) => `^${escapeRegex(url)}$`)];
    this.matchers = this.cdpPatterns.map((pattern) => new RegExp(pattern));
    this.skipsNodeInternals = globs.some((glob) => glob.startsWith(nodeInternals));
  }

  /**
   * Whether a script, by its URL, is skipped. A script the inspector never announced (no
   * URL known) is one of Node's per-context internals (primordials such as `SafeMap`), which
   * V8 runs but neither reports nor blackboxes: it goes with `<node_internals>`.
   */
  isSkipped(url: string | undefined): boolean {
    if (url === undefined) return this.skipsNodeInternals;
    return this.matchers.some((matcher) => matcher.test(url));
  }
}
