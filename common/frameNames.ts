/**
 * How the profile names a frame of the user's code, in one place for the runtime (which
 * names what it recorded) and the adapter (which names it again after mapping a generated
 * position to the authored one). Safe in Node and in a browser.
 */

/** What names a user frame. */
export interface FrameFacts {
  path: string;
  line: number;
  /** The function's name; empty for an anonymous function and for a module's top level. */
  functionName: string;
  /** Where an anonymous function is defined. */
  defined?: { line: number };
}

/** `run`, `<anonymous> line 12` (an anonymous function, by where it is defined), `(top level)`. */
export function frameLabel(frame: FrameFacts): string {
  if (frame.functionName) return frame.functionName;
  return frame.defined ? `<anonymous> line ${frame.defined.line}` : '(top level)';
}

/** The file name of a path, `/` or `\\` separated: `main.js`. */
export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** `run main.js:44`. */
export function frameName(frame: FrameFacts): string {
  return `${frameLabel(frame)} ${fileNameOf(frame.path)}:${frame.line}`;
}
