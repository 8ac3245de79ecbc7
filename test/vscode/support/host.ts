/**
 * The extension-host side of the scenarios: the kit a scenario's host half gets (see
 * scenario.ts), with the `vscode` API, the ask to the page half, and a debug session of the
 * example stopped at a breakpoint and then run to its end. Loaded only in the extension host.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { askPage, MOCHA_LOG } from './handshake';
import { PAGE_TIMEOUT_MS, PROGRAM, STOP_TIMEOUT_MS, TERMINATE_TIMEOUT_MS, type HostKit, type Stop } from './scenario';

/** Set by run.mjs: where the handshake files go. Unset under electron.mjs, which has no page. */
const testDir = process.env.TFJS_VSCODE_TEST_DIR;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects after `ms` with `what` in the message; the timer never keeps the host alive. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms / 1000} s ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A line in the test output (run.mjs relays mocha.log; the host's console reaches no terminal there). */
function report(line: string): void {
  console.log(`      ${line}`);
  if (testDir) appendFileSync(path.join(testDir, MOCHA_LOG), `      ${line}\n`);
}

/** What a test sees of the `tfjs` sessions it starts: the first stop, the program's output, an early end. */
function watchSession(): {
  stopped: Promise<Stop>;
  output: string[];
  describeOutput: () => string;
  runToEnd: () => void;
  disposable: vscode.Disposable;
} {
  // The adapter's output events (the debuggee's console, adapter errors), for failure messages.
  const output: string[] = [];
  const describeOutput = () => (output.length ? `; debuggee output:\n${output.join('').slice(-4000)}` : '; no output from the debuggee');
  let runningToEnd = false;
  let onStopped!: (event: Stop) => void;
  let onEndedEarly!: (err: Error) => void;
  const stopped = new Promise<Stop>((resolve, reject) => {
    onStopped = resolve;
    onEndedEarly = reject;
  });
  // Awaited by the test; until then an early end must not count as an unhandled rejection.
  stopped.catch(() => {});
  const disposable = vscode.Disposable.from(
    // Trackers see the raw protocol traffic, which is the only place the `stopped` event shows.
    vscode.debug.registerDebugAdapterTrackerFactory('tfjs', {
      createDebugAdapterTracker(session) {
        return {
          onDidSendMessage(message: { type?: string; event?: string; body?: Record<string, unknown> }) {
            if (message.type !== 'event') return;
            if (message.event === 'stopped') {
              const threadId = Number(message.body?.threadId ?? 1);
              // After the checks, run to the end: model() runs once per training step, and a
              // stop may still come before the breakpoint's removal reaches the adapter.
              if (runningToEnd) void session.customRequest('continue', { threadId }).then(undefined, () => {});
              else onStopped({ session, threadId });
            } else if (message.event === 'output' && typeof message.body?.output === 'string') {
              output.push(message.body.output);
            }
          },
          onError(err: Error) {
            output.push(`[adapter error] ${err.message}\n`);
          },
          onExit(code: number | undefined, signal: string | undefined) {
            onEndedEarly(new Error(`debug adapter exited (code ${code}, signal ${signal}) before stopping${describeOutput()}`));
          },
        };
      },
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      onEndedEarly(new Error(`debug session "${session.name}" ended before stopping${describeOutput()}`));
    }),
  );
  return { stopped, output, describeOutput, runToEnd: () => (runningToEnd = true), disposable };
}

const pausedAt: HostKit<unknown, unknown>['pausedAt'] = async ({ name, line, env = {}, program = PROGRAM }, check) => {
  const disposables: vscode.Disposable[] = [];
  const { stopped, output, describeOutput, runToEnd, disposable } = watchSession();
  disposables.push(disposable);
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(program), new vscode.Position(line - 1, 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  try {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(program));
    // The session that stopped is the one whose end counts.
    const ended = new Promise<void>((resolve) => {
      disposables.push(
        vscode.debug.onDidTerminateDebugSession(
          (s) =>
            void stopped.then(
              (stop) => s.id === stop.session.id && resolve(),
              () => undefined,
            ),
        ),
      );
    });
    const started = await vscode.debug.startDebugging(folder, { type: 'tfjs', request: 'launch', name, program, env });
    assert.equal(started, true, 'vscode.debug.startDebugging returned false');
    const stop = await withTimeout(stopped, STOP_TIMEOUT_MS, () => `waiting for a stop at ${path.basename(program)}:${line}${describeOutput()}`);
    await check(stop);
    runToEnd();
    vscode.debug.removeBreakpoints([breakpoint]);
    await stop.session.customRequest('continue', { threadId: stop.threadId });
    await withTimeout(ended, TERMINATE_TIMEOUT_MS, () => `waiting for the session to end after continue${describeOutput()}`);
    return { output: output.join(''), describeOutput };
  } finally {
    disposables.forEach((d) => d.dispose());
    vscode.debug.removeBreakpoints([breakpoint]);
    // Leave no session behind for later tests, whatever failed above.
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  }
};

async function waitForEditorAt(file: string, line: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  const where = () => {
    const editor = vscode.window.activeTextEditor;
    return editor ? `${editor.document.uri.fsPath}:${editor.selection.active.line + 1}` : 'no active editor';
  };
  while (where() !== `${file}:${line}`) {
    if (Date.now() > deadline) assert.fail(`expected the editor at ${file}:${line} after Go to source, got ${where()}`);
    await sleep(200);
  }
}

/** The kit of the scenario `name`, run as the mocha test `test`. */
export function hostKit<Request, Seen>(name: string, test: Mocha.Context): HostKit<Request, Seen> {
  return {
    vscode,
    hasPage: testDir !== undefined,
    askPage(request) {
      if (testDir === undefined) {
        report(`(TFJS_VSCODE_TEST_DIR not set: no page for the ${name} check; skipped after the extension host's checks)`);
        test.skip();
      }
      return askPage<Seen>(testDir, name, request, PAGE_TIMEOUT_MS);
    },
    report,
    pausedAt,
    waitForEditorAt,
  };
}
