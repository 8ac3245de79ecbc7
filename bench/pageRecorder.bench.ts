/**
 * Recorder overhead where TF.js mostly runs, in a web page on webgl (issue: TF.js where it
 * mostly runs): headless Chromium (software webgl here: no GPU) loads the conv net of
 * bench/fixtures/convNet.js with dist/runtime-browser.js injected before tfjs, as the debugger
 * injects it, and the page times a step with the recorder off and on in alternating blocks of
 * one page run (bench/fixtures/pageRecorderBench.js). Each step ends with a read of its output,
 * so the GPU's time is in it. On webgl the training step is measured again with the profile
 * alone (no tapes), to tell the two apart. Then the same on cpu and wasm where a step is cheap
 * enough.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { injectBeforeLoad, type PageBackend, serveTfjsPage } from '../test/browser/tfjsPage';
import { pageUrl } from '../test/localServer';
import { CHROMIUM, launchPageChromium } from '../test/chromium';
import { repoRoot } from './support';

type Step =
  | { kind: string; error: string }
  | {
      kind: string;
      offMs: number;
      onMs: number;
      ratio: number;
      addedMs: number;
      kernelsPerStep: number;
      /** Gradients a step's tape reads (the nodes' and the variables'). */
      gradientReads: number;
      rounds: number;
      repeats: number;
    };

/** What "on" records. */
interface Recording {
  profile: boolean;
  captureTape: boolean;
}

interface Phase {
  /** About how long the comparison of one kind of step runs. */
  phaseMs: number;
  /** Blocks at least this long. */
  blockMs: number;
  minRounds: number;
}

/** The page's globals the benchmark reaches (pageRecorderBench.js). */
interface BenchPage {
  pageRecorderBench: { backend: Promise<string>; measure(kind: string, phase: Phase, recording: Recording): Promise<Step> };
}

const everything: Recording = { profile: true, captureTape: true };

/**
 * What each backend measures: webgl's training step is the row the issue asks for; wasm cannot
 * train this net (no Conv2DBackpropFilter) and cpu trains for seconds a step, so they time predict.
 */
const plans: { backend: PageBackend; runs: { kind: string; recording: Recording }[] }[] = [
  {
    backend: 'webgl',
    runs: [
      { kind: 'trainOnBatch', recording: everything },
      { kind: 'trainOnBatch', recording: { profile: true, captureTape: false } },
      { kind: 'predict', recording: everything },
    ],
  },
  { backend: 'wasm', runs: [{ kind: 'predict', recording: everything }] },
  { backend: 'cpu', runs: [{ kind: 'predict', recording: everything }] },
];

const phase: Phase = { phaseMs: Number(process.env.PAGE_PHASE_MS ?? 40_000), blockMs: 200, minRounds: 12 };

async function measure(browser: Browser, url: string, backend: PageBackend, runs: { kind: string; recording: Recording }[]): Promise<Step[]> {
  const page = await browser.newPage();
  try {
    await injectBeforeLoad(page, { profile: true, captureTape: true, maxProfileEvents: 1_000_000 });
    await page.goto(`${url}?backend=${backend}&script=alternation.js&script=convNet.js&script=recorderComparison.js&script=pageRecorderBench.js`);
    const running = await page.evaluate(() => (globalThis as unknown as BenchPage).pageRecorderBench.backend);
    if (running !== backend) throw new Error(`the page runs on ${running}, not ${backend}`);
    const steps: Step[] = [];
    for (const { kind, recording } of runs) {
      steps.push(
        await page.evaluate(([kind, phase, recording]) => (globalThis as unknown as BenchPage).pageRecorderBench.measure(kind, phase, recording), [
          kind,
          phase,
          recording,
        ] as const),
      );
    }
    return steps;
  } finally {
    await page.close();
  }
}

function rowsOf(backend: string, step: Step, recording: Recording): string[][] {
  const label = `conv net in a page, ${backend}: ${step.kind === 'predict' ? 'predict' : `training step (${step.kind})`}`;
  if ('error' in step) return [[label, '', '', `cannot run: ${step.error}`]];
  const precision = step.offMs < 10 ? 3 : 1;
  const reads = recording.captureTape && step.gradientReads > 0 ? `, the tape reads ${step.gradientReads} gradients` : '';
  return [
    [`${label}, recorder off (baseline)`, `${step.offMs.toFixed(precision)} ms`, '', `${step.kernelsPerStep} kernels a step${reads}`],
    [
      `${label}, recorder on${recording.captureTape ? '' : ' with the profile alone (no tapes)'}`,
      `${step.onMs.toFixed(precision)} ms`,
      `${step.ratio.toFixed(3)}×`,
      `${step.rounds} rounds of ${step.repeats} step${step.repeats > 1 ? 's' : ''}; added ${step.addedMs.toFixed(2)} ms a step; target ≤ 1.05×`,
    ],
  ];
}

/** Runs the benchmark and returns its table rows (none without Chromium). */
export async function runPageRecorderBench(): Promise<string[][]> {
  if (!existsSync(CHROMIUM)) return [['conv net in a page', '', '', `skipped: no Chromium at ${CHROMIUM}`]];
  const server = await serveTfjsPage(path.join(repoRoot, 'bench', 'fixtures'));
  const browser = await launchPageChromium();
  try {
    const rows: string[][] = [];
    for (const { backend, runs } of plans) {
      const steps = await measure(browser, pageUrl(server), backend, runs);
      for (const [i, step] of steps.entries()) rows.push(...rowsOf(backend, step, runs[i].recording));
    }
    return rows;
  } finally {
    await browser.close();
    server.close();
  }
}
