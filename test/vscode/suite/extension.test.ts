// Tests that run inside a real VS Code extension host (see index.ts): the extension activates,
// and a `tfjs` debug session on examples/mlp/train.js stops at a breakpoint in `model()` with
// the `output` tensor presented in Variables.
//
// UI handshake with test/vscode/run.mjs (only when TFJS_VSCODE_TEST_DIR is set): once the
// session is stopped and the adapter's answers check out, this test writes `stopped` into that
// folder and waits; the runner then looks for the tensor text in the page's Variables view and
// answers with a `ui-ok` file, or `ui-fail` holding the reason. Files are written to a temporary
// name and renamed, so that neither side ever reads half a file.
//
// The heatmap test stops there again (one training step) and writes `heatmap-stopped` (what
// to open and edit); the runner opens the panel from the Variables view's context menu, checks
// its header, edits a cell on the canvas and answers `heatmap-ok` (what the panel showed) or
// `heatmap-fail`. The test then continues and checks that the program printed the loss of the
// edited prediction, not the loss of an undebugged run.
//
// The profile test stops after one training step, opens the profile panel with
// tfjs.showProfile and writes `profile-stopped` (what the panel must name, and where on the
// flame graph a source line of model() lies); the runner checks the panel, clicks that frame
// and "Go to source", and answers `profile-ok` or `profile-fail`; the test then checks that the
// editor shows that line.
//
// The tape test stops there too and writes `tape-stopped`; the runner opens the gradient tape
// panel from the command palette, clicks a MatMul op, its "Show gradient" (a heatmap must show
// it) and its "Go to source", and answers `tape-ok` (what the panel showed) or `tape-fail`; the
// test checks that the editor shows the line the adapter's tape names for that op.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FlameNode, ProfileBody } from '../../../protocol/runtimeApi';

const EXTENSION_ID = 'tfjs-model-debugger.tfjs-model-debugger';
const REPO = path.resolve(__dirname, '..', '..', '..', '..'); // out/test/vscode/suite -> repo
const PROGRAM = path.join(REPO, 'examples', 'mlp', 'train.js');
const BREAK_LINE = 24; // 1-based: `  return output;` inside `function model(input)`
const AFTER_STEP_LINE = 47; // `console.log(`step ...`)`, once optimizer.minimize() has run
const testDir = process.env.TFJS_VSCODE_TEST_DIR;

const STOP_TIMEOUT_MS = 90_000; // the first stop includes loading tfjs in the debuggee
const UI_TIMEOUT_MS = 120_000; // longer than the runner's own waits in the page, so it answers first
const TERMINATE_TIMEOUT_MS = 60_000;

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
  if (testDir) appendFileSync(path.join(testDir, 'mocha.log'), `      ${line}\n`);
}

function writeAtomically(file: string, contents: string): void {
  writeFileSync(`${file}.tmp`, contents);
  renameSync(`${file}.tmp`, file);
}

/** Signals the runner that the session is stopped and waits for its verdict on the page. */
async function waitForUiCheck(dir: string): Promise<void> {
  await askRunner<unknown>(dir, 'stopped', 'ui', { program: PROGRAM, line: BREAK_LINE });
}

interface StoppedEvent {
  session: vscode.DebugSession;
  threadId: number;
}

/** What the runner saw in the heatmap panel (run.mjs, `heatmap-ok`). */
interface HeatmapSeen {
  header: string;
  /** The readout over the cell before the edit. */
  before: string;
  /** The panel's status line about the edit, when the runner saw it before the new view replaced it. */
  note?: string;
  headerAfter: string;
  after?: string;
}

/**
 * Writes the handshake file `name` (the request as JSON) and waits for the runner's
 * `<answer>-ok` (its JSON) or `<answer>-fail` (the reason).
 */
async function askRunner<T>(dir: string, name: string, answer: string, request: unknown): Promise<T> {
  writeAtomically(path.join(dir, name), JSON.stringify(request));
  const deadline = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const okFile = path.join(dir, `${answer}-ok`);
    if (existsSync(okFile)) return JSON.parse(readFileSync(okFile, 'utf8') || 'null') as T;
    const failFile = path.join(dir, `${answer}-fail`);
    if (existsSync(failFile)) assert.fail(`${answer} check in the page failed: ${readFileSync(failFile, 'utf8')}`);
    await sleep(200);
  }
  assert.fail(`No answer from the ${answer} check within ${UI_TIMEOUT_MS / 1000} s`);
}

/** Asks the runner to open and edit the heatmap of `request.expression`, and waits for its answer. */
function waitForHeatmapCheck(
  dir: string,
  request: { expression: string; header: string; cell: [number, number]; value: string },
): Promise<HeatmapSeen> {
  return askRunner<HeatmapSeen>(dir, 'heatmap-stopped', 'heatmap', request);
}

/** What the runner saw in the profile panel (run.mjs, `profile-ok`). */
interface ProfileSeen {
  table: string;
  tooltip: string[];
  selected: string;
  drawn: string;
}

/**
 * The first frame under `root` that `predicate` holds for, with where it lies on the flame
 * graph: its row (the root's is 0) and the middle of its span, as a fraction of the width.
 */
function locateFrame(root: FlameNode, predicate: (frame: FlameNode) => boolean): { frame: FlameNode; row: number; fraction: number } | undefined {
  const visit = (frame: FlameNode, row: number, start: number): { frame: FlameNode; row: number; fraction: number } | undefined => {
    if (predicate(frame)) return { frame, row, fraction: (start + frame.valueMs / 2) / root.valueMs };
    let childStart = start;
    for (const child of frame.children) {
      const found = visit(child, row + 1, childStart);
      if (found) return found;
      childStart += child.valueMs;
    }
    return undefined;
  };
  return visit(root, 0, 0);
}

/** Every frame name of a flame tree, one per line, indented by depth. */
function frameNames(frame: FlameNode, depth = 0): string {
  return [`${' '.repeat(depth)}${frame.name}`, ...frame.children.filter((child) => child.kind !== 'op').map((child) => frameNames(child, depth + 1))].join('\n');
}

/** What the runner saw in the tape panel (run.mjs, `tape-ok`). */
interface TapeSeen {
  summary: string;
  /** The op names drawn. */
  labels: string[];
  /** The clicked op's box: `n<node id>`. */
  key: string;
  details: string;
  /** The header of the heatmap that "Show gradient" opened. */
  heatmap: string;
}

/** Resolves once an editor on `file` is active with its cursor on `line` (1-based); fails after `ms`. */
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

/** The `step N loss X` lines a run of the example printed, by step. */
function lossesIn(text: string): Map<number, number> {
  const losses = new Map<number, number>();
  for (const match of text.matchAll(/^step (\d+) loss (\S+)$/gm)) losses.set(Number(match[1]), Number(match[2]));
  return losses;
}

/** Runs the example without the debugger (same `node` and environment as the session's launch). */
function undebuggedOutput(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'node',
      [PROGRAM],
      { cwd: path.dirname(PROGRAM), env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`node ${PROGRAM} failed: ${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

/** A number the adapter's `evaluate` answered (the debuggee's value of `expression`). */
async function evaluateNumber(session: vscode.DebugSession, frameId: number, expression: string): Promise<number> {
  const { result } = await session.customRequest('evaluate', { expression, frameId, context: 'repl' });
  const value = Number(result);
  assert.ok(Number.isFinite(value), `evaluate ${expression}: expected a number, got ${JSON.stringify(result)}`);
  return value;
}

/** What a test sees of the `tfjs` sessions it starts: the first stop, the program's output, an early end. */
function watchSession(): {
  stopped: Promise<StoppedEvent>;
  output: string[];
  describeOutput: () => string;
  runToEnd: () => void;
  disposable: vscode.Disposable;
} {
  // The adapter's output events (the debuggee's console, adapter errors), for failure messages.
  const output: string[] = [];
  const describeOutput = () => (output.length ? `; debuggee output:\n${output.join('').slice(-4000)}` : '; no output from the debuggee');
  let runningToEnd = false;
  let onStopped!: (event: StoppedEvent) => void;
  let onEndedEarly!: (err: Error) => void;
  const stopped = new Promise<StoppedEvent>((resolve, reject) => {
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

/** Sets a breakpoint on `line` of the example and returns it (for removing). */
function breakAt(line: number): vscode.SourceBreakpoint {
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(PROGRAM), new vscode.Position(line - 1, 0)));
  vscode.debug.addBreakpoints([breakpoint]);
  return breakpoint;
}

/** Launches the example (with `env`) and waits for its stop at the breakpoint on `line`; `ended` resolves when that session ends. */
async function launchToBreakpoint(
  name: string,
  env: Record<string, string>,
  stopped: Promise<StoppedEvent>,
  describeOutput: () => string,
  disposables: vscode.Disposable[],
  line = BREAK_LINE,
): Promise<{ stop: StoppedEvent; ended: Promise<void> }> {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(PROGRAM));
  // The session that stopped is the one whose end counts.
  const ended = new Promise<void>((resolve) => {
    disposables.push(
      vscode.debug.onDidTerminateDebugSession((s) => void stopped.then((stop) => s.id === stop.session.id && resolve(), () => undefined)),
    );
  });
  const started = await vscode.debug.startDebugging(folder, { type: 'tfjs', request: 'launch', name, program: PROGRAM, env });
  assert.equal(started, true, 'vscode.debug.startDebugging returned false');
  const stop = await withTimeout(stopped, STOP_TIMEOUT_MS, () => `waiting for a stop at train.js:${line}${describeOutput()}`);
  return { stop, ended };
}

/**
 * Runs the example for one training step, paused after it (at AFTER_STEP_LINE) while `check`
 * runs on the stopped session; then lets the program end. The breakpoint, the listeners and
 * the session go whatever `check` does.
 */
async function whilePausedAfterStep(name: string, check: (session: vscode.DebugSession) => Promise<void>): Promise<void> {
  const disposables: vscode.Disposable[] = [];
  const { stopped, describeOutput, runToEnd, disposable } = watchSession();
  disposables.push(disposable);
  const breakpoint = breakAt(AFTER_STEP_LINE);
  try {
    const { stop, ended } = await launchToBreakpoint(name, { MLP_STEPS: '1' }, stopped, describeOutput, disposables, AFTER_STEP_LINE);
    await check(stop.session);
    runToEnd();
    vscode.debug.removeBreakpoints([breakpoint]);
    await stop.session.customRequest('continue', { threadId: stop.threadId });
    await withTimeout(ended, TERMINATE_TIMEOUT_MS, () => `waiting for the session to end after continue${describeOutput()}`);
  } finally {
    disposables.forEach((d) => d.dispose());
    vscode.debug.removeBreakpoints([breakpoint]);
    if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
  }
}

describe('TF.js Model Debugger in VS Code', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} not found`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('stops at a breakpoint in model() and shows the output tensor in Variables', async function () {
    this.timeout(STOP_TIMEOUT_MS + UI_TIMEOUT_MS + TERMINATE_TIMEOUT_MS + 30_000);
    const disposables: vscode.Disposable[] = [];
    const { stopped, describeOutput, runToEnd, disposable } = watchSession();
    disposables.push(disposable);

    const breakpoint = breakAt(BREAK_LINE);
    let session: vscode.DebugSession | undefined;
    try {
      const { stop, ended } = await launchToBreakpoint('spine', {}, stopped, describeOutput, disposables);
      session = stop.session;

      const { stackFrames } = await session.customRequest('stackTrace', { threadId: stop.threadId });
      assert.ok(Array.isArray(stackFrames) && stackFrames.length > 0, 'stackTrace returned no frames');
      const top = stackFrames[0];
      assert.equal(path.basename(top.source?.path ?? top.source?.name ?? ''), 'train.js', `top frame: ${JSON.stringify(top)}`);
      assert.equal(top.line, BREAK_LINE, `top frame: ${JSON.stringify(top)}`);

      const { scopes } = await session.customRequest('scopes', { frameId: top.id });
      assert.ok(Array.isArray(scopes) && scopes.length > 0, 'scopes returned nothing');
      const seen: string[] = [];
      let outputVar: { name: string; value: string } | undefined;
      for (const scope of scopes) {
        if (!scope.variablesReference) continue;
        const { variables } = await session.customRequest('variables', { variablesReference: scope.variablesReference });
        for (const v of variables ?? []) seen.push(`${scope.name}: ${v.name} = ${v.value}`);
        outputVar ??= (variables ?? []).find((v: { name: string }) => v.name === 'output');
        if (outputVar) break;
      }
      assert.ok(outputVar, `no variable named "output"; saw:\n${seen.join('\n')}`);
      assert.ok(
        outputVar.value.startsWith('float32[64,1] min='),
        `output's value should start with "float32[64,1] min=", got "${outputVar.value}"`,
      );

      if (testDir) await waitForUiCheck(testDir);
      else console.log('    (TFJS_VSCODE_TEST_DIR not set: skipping the Variables view check in the page)');

      runToEnd();
      vscode.debug.removeBreakpoints([breakpoint]);
      await session.customRequest('continue', { threadId: stop.threadId });
      await withTimeout(ended, TERMINATE_TIMEOUT_MS, () => `waiting for the session to end after continue${describeOutput()}`);
      session = undefined;
    } finally {
      disposables.forEach((d) => d.dispose());
      vscode.debug.removeBreakpoints([breakpoint]);
      // Leave no session behind for later tests, whatever failed above.
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    }
  });

  it('opens `output` as a heatmap from Variables, and a cell edited there changes what the program prints', async function () {
    this.timeout(60_000 + STOP_TIMEOUT_MS + UI_TIMEOUT_MS + TERMINATE_TIMEOUT_MS + 30_000);
    // One training step: model() runs once, so the session stops once and the printed loss is
    // that of the edited prediction.
    const env = { MLP_STEPS: '1' };
    const EDITED = 1000; // output[0, 0]: far from any target, so the loss jumps
    const undebugged = await undebuggedOutput(env);
    const baseline = lossesIn(undebugged).get(0);
    assert.ok(baseline !== undefined && Number.isFinite(baseline), `no "step 0 loss" in the undebugged run's output:\n${undebugged}`);

    const disposables: vscode.Disposable[] = [];
    const { stopped, output, describeOutput, runToEnd, disposable } = watchSession();
    disposables.push(disposable);

    const breakpoint = breakAt(BREAK_LINE);
    let session: vscode.DebugSession | undefined;
    try {
      const { stop, ended } = await launchToBreakpoint('heatmap', env, stopped, describeOutput, disposables);
      session = stop.session;
      const { stackFrames } = await session.customRequest('stackTrace', { threadId: stop.threadId });
      const top = stackFrames?.[0];
      assert.equal(top?.line, BREAK_LINE, `top frame: ${JSON.stringify(top)}`);

      // What the edit should do to the loss: mean((prediction - y)²) over the 64 samples, with
      // one prediction replaced.
      const original = await evaluateNumber(session, top.id, 'output.dataSync()[0]');
      const target = await evaluateNumber(session, top.id, 'y.dataSync()[0]');

      let how: string;
      if (testDir) {
        const seen = await waitForHeatmapCheck(testDir, {
          expression: 'output',
          header: 'float32[64,1] min=',
          cell: [0, 0],
          value: String(EDITED),
        });
        assert.ok(seen.header.startsWith('float32[64,1] min='), `panel header: ${seen.header}`);
        assert.match(seen.headerAfter, /^float32\[64,1\] min=\S+ max=1000 /, `panel header after the edit: ${seen.headerAfter}`);
        how = `through the panel (${seen.before}; header "${seen.header}" → "${seen.headerAfter}")`;
      } else {
        // No page to drive (electron.mjs): the same command the menu runs, with the argument
        // VS Code passes it, and the edit the panel would send.
        await vscode.commands.executeCommand('tfjs.showHeatmap', {
          container: { name: 'Local', variablesReference: 1, expensive: false },
          variable: { name: 'output', evaluateName: 'output', value: '', variablesReference: 0 },
        });
        await session.customRequest('tfjs/setTensor', { expression: 'output', frameId: top.id, index: [0, 0], value: EDITED });
        how = 'with tfjs/setTensor (TFJS_VSCODE_TEST_DIR not set: no page to drive)';
      }
      assert.equal(await evaluateNumber(session, top.id, 'output.dataSync()[0]'), EDITED, `output[0,0] after the edit ${how}`);

      runToEnd();
      vscode.debug.removeBreakpoints([breakpoint]);
      await session.customRequest('continue', { threadId: stop.threadId });
      await withTimeout(ended, TERMINATE_TIMEOUT_MS, () => `waiting for the session to end after continue${describeOutput()}`);
      session = undefined;

      const printed = lossesIn(output.join('')).get(0);
      assert.ok(printed !== undefined, `no "step 0 loss" in the session's output${describeOutput()}`);
      const expected = baseline + ((EDITED - target) ** 2 - (original - target) ** 2) / 64;
      report(`step 0 loss: undebugged ${baseline}; with output[0,0] ${original} → ${EDITED}: ${printed} (expected ≈ ${expected.toFixed(3)})`);
      assert.notEqual(printed, baseline, `the edit ${how} did not change the printed loss${describeOutput()}`);
      assert.ok(printed > baseline, `step 0 loss ${printed} should exceed the undebugged ${baseline}`);
      assert.ok(
        Math.abs(printed - expected) <= 1e-3 * expected,
        `step 0 loss ${printed}, expected ≈ ${expected} (undebugged ${baseline}, output[0,0] ${original} → ${EDITED}, y[0] ${target})`,
      );
    } finally {
      disposables.forEach((d) => d.dispose());
      vscode.debug.removeBreakpoints([breakpoint]);
      if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
    }
  });

  it('shows the profile of a training step, and goes from a frame to its source line', async function () {
    this.timeout(STOP_TIMEOUT_MS + UI_TIMEOUT_MS + TERMINATE_TIMEOUT_MS + 30_000);
    await whilePausedAfterStep('profile', async (session) => {
      // What the panel will show: nothing runs while paused, so its read answers the same.
      const profile = (await session.customRequest('tfjs/profile', {})) as ProfileBody;
      assert.ok(profile.byOp.some((op) => /MatMul/.test(op.op)), `byOp: ${JSON.stringify(profile.byOp)}`);
      // model() is called by the loss arrow that optimizer.minimize calls from main().
      const located = locateFrame(profile.root, (frame) => frame.source?.path === PROGRAM && frame.name.startsWith('model '));
      assert.ok(located, `no line of model() in\n${frameNames(profile.root)}`);
      const target = located.frame;
      const line = target.source?.line ?? 0;
      assert.ok([22, 23].includes(line), `${target.name} at line ${line}`);
      assert.ok(target.valueMs / profile.root.valueMs > 0.01, `${target.name}: ${target.valueMs} of ${profile.root.valueMs} ms is too narrow to aim at`);

      await vscode.commands.executeCommand('tfjs.showProfile');
      if (!testDir) {
        console.log('    (TFJS_VSCODE_TEST_DIR not set: skipping the profile panel check in the page)');
        return;
      }
      const seen = await askRunner<ProfileSeen>(testDir, 'profile-stopped', 'profile', {
        content: 'MatMul',
        frame: target.name,
        fraction: located.fraction,
        row: located.row,
        rowHeight: 22,
      });
      assert.match(seen.table, /MatMul/);
      assert.equal(seen.tooltip[0], target.name);
      assert.match(seen.tooltip[1], /^total \S+ ms \(\d+\.\d% of total\)$/);
      report(`profile panel: ${seen.tooltip.join(' | ')}; ${seen.drawn}`);
      // "Go to source" opens train.js at the frame's line (the stop showed line 47).
      await waitForEditorAt(PROGRAM, line, 15_000);
    });
  });

  it('shows the gradient tape of a training step, and "Go to source" opens the line of an op', async function () {
    this.timeout(STOP_TIMEOUT_MS + UI_TIMEOUT_MS + TERMINATE_TIMEOUT_MS + 30_000);
    await whilePausedAfterStep('tape', async (session) => {
      const tape = await session.customRequest('tfjs/tape', {});
      const matMuls = (tape.nodes as { id: number; op: string; source?: { path: string; line: number } }[]).filter((node) => node.op.includes('MatMul'));
      assert.deepEqual(
        matMuls.map((node) => `${path.basename(node.source?.path ?? '?')}:${node.source?.line}`),
        ['train.js:22', 'train.js:23'],
        `MatMul ops of the tape: ${JSON.stringify(matMuls)}`,
      );
      if (!testDir) {
        // No page to drive (electron.mjs): the command opens the panel; its content is not reachable.
        await vscode.commands.executeCommand('tfjs.showTape');
        return;
      }
      // The runner opens the panel from the command palette.
      const seen = await askRunner<TapeSeen>(testDir, 'tape-stopped', 'tape', { op: 'MatMul' });
      // tf.matMul runs the BatchMatMul kernel.
      assert.ok(seen.labels.includes('BatchMatMul'), `ops drawn: ${JSON.stringify(seen.labels)}`);
      assert.match(seen.summary, /^tape #\d+: \d+ ops, 4 variables$/);
      assert.ok(!seen.labels.includes('Identity'), `ops drawn: ${JSON.stringify(seen.labels)}`);
      const clicked = matMuls.find((node) => `n${node.id}` === seen.key);
      assert.ok(clicked?.source, `the runner clicked ${seen.key}, not a MatMul of the tape`);
      assert.ok(seen.details.includes(`train.js:${clicked.source.line}`), `details: ${seen.details}`);
      // The gradient into the first MatMul's [64,16] output, read from the tape through tfjs/tensor.
      assert.match(seen.heatmap, /^float32\[64,16\] min=/);
      await waitForEditorAt(PROGRAM, clicked.source.line, 10_000);
      const text = vscode.window.activeTextEditor?.document.lineAt(clicked.source.line - 1).text ?? '';
      assert.match(text, /tf\.matMul\(/);
      report(`tape panel: ${seen.summary}; MatMul ${seen.key} → ${path.basename(PROGRAM)}:${clicked.source.line}`);
    });
  });
});
