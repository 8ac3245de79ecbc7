/**
 * What a real-VS-Code scenario is: one file under test/vscode/scenarios/ holds both halves of
 * one thing a user does, the extension-host half (a mocha test with the `vscode` API and the
 * debug session) and, where the page must be looked at or clicked, the page half (playwright
 * on the workbench in chromium, run by run.mjs). The halves meet through the handshake files
 * (handshake.ts). Only types and constants here: a scenario file is loaded both in the
 * extension host, where `vscode` exists and playwright is not wanted, and in run.mjs, where
 * `vscode` does not exist; each side hands a scenario its tools through a kit.
 */
import * as path from 'node:path';
import type { DebugSession } from 'vscode';
import type * as vscodeApi from 'vscode';
import type { ElementHandle, Page } from 'playwright-core';
import { markersOf } from '../../lineMarkers';

const REPO = path.resolve(__dirname, '..', '..', '..', '..'); // out/test/vscode/support -> repo
/** The example every scenario debugs. */
export const PROGRAM = path.join(REPO, 'examples', 'mlp', 'train.js');
/** A line of the example by its marker comment (`MODEL_RETURN_LINE`, `AFTER_STEP_LINE`, ...). */
export const programLine = markersOf(PROGRAM);
/** The tf.layers example: a conv net trained with model.fit. */
export const LAYERS_PROGRAM = path.join(REPO, 'examples', 'layers', 'train.js');

export const STOP_TIMEOUT_MS = 90_000; // the first stop includes loading tfjs in the debuggee
export const PAGE_TIMEOUT_MS = 120_000; // longer than the page half's own waits, so that it answers first
export const TERMINATE_TIMEOUT_MS = 60_000;
/** A scenario's mocha limit: one stop, one page check and the run to the end, with room. */
export const SESSION_TEST_TIMEOUT_MS = STOP_TIMEOUT_MS + PAGE_TIMEOUT_MS + TERMINATE_TIMEOUT_MS + 30_000;

/** The session stopped at the scenario's breakpoint. */
export interface Stop {
  session: DebugSession;
  threadId: number;
}

/** What the extension-host side gives a scenario's host half. */
export interface HostKit<Request, Seen> {
  vscode: typeof vscodeApi;
  /** Whether a page half answers (run.mjs); electron.mjs has none. */
  hasPage: boolean;
  /** Asks the scenario's page half and waits for what it saw; marks the test skipped where there is no page. */
  askPage(request: Request): Promise<Seen>;
  /** A line in the test output (the host's console reaches no terminal under run.mjs). */
  report(line: string): void;
  /**
   * Launches the example (`program`, the MLP by default) with `env` to a breakpoint on `line`, runs `check` on the stopped
   * session, then lets the program run to its end; the breakpoint, listeners and session go
   * whatever `check` does. Resolves with what the program printed.
   */
  pausedAt(
    options: { name: string; line: number; env?: Record<string, string>; program?: string },
    check: (stop: Stop) => Promise<void>,
  ): Promise<{ output: string; describeOutput: () => string }>;
  /** Resolves once an editor on `file` is active with its cursor on `line` (1-based); fails after `ms`. */
  waitForEditorAt(file: string, line: number, ms: number): Promise<void>;
}

/** What run.mjs gives a scenario's page half. */
export interface PageKit {
  /** The workbench page. */
  page: Page;
  log(message: string): void;
  /** Names what the page half does next: a failure reads "could not <step>: ...". */
  step(what: string): void;
  /** Saves test-results/vscode-<scenario>[-<suffix>].png, of the page or of `element`; without one, run.mjs takes it at the end. */
  screenshot(suffix?: string, element?: ElementHandle): Promise<void>;
}

export interface Scenario<Request = unknown, Seen = unknown> {
  /** Names its handshake files and screenshots. */
  name: string;
  /** The mocha test's title. */
  title: string;
  timeoutMs: number;
  host(kit: HostKit<Request, Seen>): Promise<void>;
  /** Fills `seen` as it goes: what it saw goes back to the host half, or with the failure. */
  page?(kit: PageKit, request: Request, seen: Partial<Seen>): Promise<void>;
  /**
   * Checks the window loaded again after the suite, as "Reload Window" does (run.mjs; the
   * extension host that ran the host halves is gone then). Counted as one more test.
   */
  afterReload?(kit: PageKit): Promise<void>;
}
