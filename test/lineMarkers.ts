/**
 * Lines of fixtures and examples found by marker comments, so that a test names the line it
 * breaks on or asserts on (`// MODEL_RETURN_LINE` at the end of it) instead of a number that
 * goes wrong when the file is edited. Markers sit at the end of existing lines: a marker on a
 * line of its own would shift the lines below it.
 */
import { readFileSync } from 'node:fs';

/** The 1-based line of `file` that ends with the comment `// <marker>`; throws unless exactly one does. */
export function lineOf(file: string, marker: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found = lines.flatMap((text, index) => (new RegExp(`//\\s*${marker}\\s*$`).test(text) ? [index + 1] : []));
  if (found.length !== 1) {
    throw new Error(
      found.length === 0
        ? `No line of ${file} ends with the marker comment "// ${marker}"; add it at the end of the line the test means.`
        : `The marker comment "// ${marker}" ends lines ${found.join(', ')} of ${file}; it must mark one line.`,
    );
  }
  return found[0];
}

/** `lineOf` bound to one file. */
export function markersOf(file: string): (marker: string) => number {
  return (marker) => lineOf(file, marker);
}
