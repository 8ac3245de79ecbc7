/**
 * Reads one line of compiler-generated JavaScript (esbuild's output through tsx puts a whole
 * module on one line) just far enough to place breakpoints and stops in the authored file:
 * the brackets opened between two positions, and whether a `return` statement ends at a
 * position. Strings, template literals and comments are skipped; regular expression literals
 * are not recognised, so a bracket inside one can make a scan answer "no" where it means yes.
 */

/** The bracket nesting met by a scan, relative to where it began. */
export interface BracketScan {
  /** Depth at the scan's end: above 0 when it ends inside brackets opened during the scan. */
  depth: number;
  /** The lowest depth reached: below 0 when the scan left the brackets it began in. */
  lowest: number;
  /** Index of the first `;` at depth 0, if any. */
  semicolon?: number;
}

/** Index just past a quoted string starting at `at`. */
function endOfQuoted(code: string, at: number): number {
  const quote = code[at];
  let i = at + 1;
  while (i < code.length && code[i] !== quote) i += code[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Scans template text from `at`: to just past its closing backtick or its next `${`. */
function templateText(code: string, at: number): { next: number; interpolation: boolean } {
  let i = at;
  while (i < code.length) {
    if (code[i] === '\\') i += 2;
    else if (code[i] === '`') return { next: i + 1, interpolation: false };
    else if (code[i] === '$' && code[i + 1] === '{') return { next: i + 2, interpolation: true };
    else i++;
  }
  return { next: i, interpolation: false };
}

/** The brackets `()[]{}` met from index `from` up to (not including) `to` of a line of code. */
export function scanBrackets(code: string, from: number, to: number): BracketScan {
  const scan: BracketScan = { depth: 0, lowest: 0 };
  // The depths at which the open `${` of template literals were entered.
  const interpolations: number[] = [];
  const enterTemplate = (at: number): number => {
    const text = templateText(code, at);
    if (text.interpolation) interpolations.push(scan.depth++);
    return text.next;
  };
  let i = from;
  while (i < to) {
    const c = code[i];
    if (c === '"' || c === "'") i = endOfQuoted(code, i);
    else if (c === '`') i = enterTemplate(i + 1);
    else if (c === '/' && code[i + 1] === '*') i = code.indexOf('*/', i + 2) < 0 ? to : code.indexOf('*/', i + 2) + 2;
    else if (c === '/' && code[i + 1] === '/') i = to;
    else if (c === '}' && interpolations.at(-1) === scan.depth - 1) {
      scan.depth = interpolations.pop() as number;
      i = enterTemplate(i + 1);
    } else {
      if (c === '(' || c === '[' || c === '{') scan.depth++;
      else if (c === ')' || c === ']' || c === '}') scan.lowest = Math.min(scan.lowest, --scan.depth);
      else if (c === ';' && scan.depth === 0 && scan.semicolon === undefined) scan.semicolon = i;
      i++;
    }
  }
  return scan;
}

/**
 * The column of the `return` keyword of the return statement that ends at `end`, if one
 * does: V8 breaks on a return statement at its end, which in `return y}` is the `}` that
 * the source map gives to the line below. `starts` are the columns where the source map's
 * segments begin on this line (a statement always starts one).
 */
export function returnStatementEndingAt(code: string, end: number, starts: readonly number[]): number | undefined {
  for (let k = starts.length - 1; k >= 0; k--) {
    const start = starts[k];
    if (start >= end || !/^return(?![\w$])/.test(code.slice(start, start + 7)) || /[\w$.]/.test(code[start - 1] ?? '')) continue;
    const scan = scanBrackets(code, start, end);
    if (scan.lowest < 0) {
      // A return in a function that closed before `end`. If `end` is inside brackets opened
      // after that (the next function's body), no return further back ends there either.
      if (scan.depth > scan.lowest) return undefined;
      continue;
    }
    const semicolonBefore = scan.semicolon !== undefined && scan.semicolon < end - 1;
    return scan.depth === 0 && !semicolonBefore ? start : undefined;
  }
  return undefined;
}
