/**
 * The files through which a scenario's two halves talk (test/vscode/run.mjs sets the folder in
 * TFJS_VSCODE_TEST_DIR): the extension-host half writes `<scenario>-ask` (its request as JSON)
 * once the debuggee is where the page half needs it, and waits; the page half answers with
 * `<scenario>-ok` (what it saw, as JSON) or `<scenario>-fail` (the reason). Files are written to
 * a temporary name and renamed, so that neither side ever reads half a file. The host's mocha
 * log and totals travel through the same folder.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Lines of the extension host's mocha reporter, relayed by run.mjs as they arrive. */
export const MOCHA_LOG = 'mocha.log';
/** The extension host's totals (`{ passed, failed, pending }`), read by run.mjs at the end. */
export const RESULT_FILE = 'result.json';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function writeAtomically(file: string, contents: string): void {
  writeFileSync(`${file}.tmp`, contents);
  renameSync(`${file}.tmp`, file);
}

/** Host side: asks the page half of `scenario` with `request`, and waits up to `ms` for what it saw. */
export async function askPage<Seen>(dir: string, scenario: string, request: unknown, ms: number): Promise<Seen> {
  writeAtomically(join(dir, `${scenario}-ask`), JSON.stringify(request));
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const okFile = join(dir, `${scenario}-ok`);
    if (existsSync(okFile)) return JSON.parse(readFileSync(okFile, 'utf8') || 'null') as Seen;
    const failFile = join(dir, `${scenario}-fail`);
    if (existsSync(failFile)) assert.fail(`${scenario} check in the page failed: ${readFileSync(failFile, 'utf8')}`);
    await sleep(200);
  }
  assert.fail(`No answer from the ${scenario} check within ${ms / 1000} s`);
}

/** Page side: the request of `scenario`'s host half once it is written; undefined when `isDone` says the run ended first. */
export async function waitForAsk(dir: string, scenario: string, isDone: () => boolean): Promise<string | undefined> {
  const file = join(dir, `${scenario}-ask`);
  while (!existsSync(file)) {
    if (isDone()) return undefined;
    await sleep(200);
  }
  return readFileSync(file, 'utf8');
}

/** Page side: answers `scenario`'s host half with what was seen, or with why the check failed. */
export function answerHost(dir: string, scenario: string, answer: { seen: unknown } | { failure: string }): void {
  if ('failure' in answer) writeAtomically(join(dir, `${scenario}-fail`), answer.failure);
  else writeAtomically(join(dir, `${scenario}-ok`), JSON.stringify(answer.seen));
}
