/**
 * Recorder overhead (issue: instrumented runtime): the example's training step with the
 * recorder off, on (profile + tapes + source lines + live tensors by line) and under
 * `tf.profile`, the live tensors by line alone (the leak finder), and the time a
 * 1-element `tf.add` gains, each on the cpu and the wasm backend in a process of its own
 * (bench/fixtures/recorderBench.js, alternating rounds); then a million recorded kernels:
 * ring memory and the time to build the flame tree from them.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CallSites } from '../runtime/recorder/callSites';
import { KernelRing } from '../runtime/recorder/kernelRing';
import { buildProfile } from '../runtime/recorder/profileTree';
import { repoRoot } from './support';

interface Overhead {
  stepOffMs: number;
  stepOnMs: number;
  stepTfProfileMs: number;
  onRatio: number;
  tfProfileRatio: number;
  addOffUs: number;
  addedPerKernelUs: number;
  kernelsPerStep: number;
  clockReadNs: number;
  clockFloorRatio: number;
}

function overhead(backend: string, mode = 'both'): Overhead {
  const script = path.join(repoRoot, 'bench', 'fixtures', 'recorderBench.js');
  const output = execFileSync('node', [script, backend], { encoding: 'utf8', env: { ...process.env, MODE: mode }, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as Overhead;
}

function millionKernels(): { buildMs: number; ringMb: number; dropped: number } {
  const ring = new KernelRing(1_000_000);
  const callSites = new CallSites();
  const kernels = ['BatchMatMul', 'Add', 'Relu', 'Sum', 'Multiply'].map((name) => ring.names.id(name));
  const heapBefore = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 1_200_000; i++) ring.push(kernels[i % kernels.length], 0, 0, i * 0.01, 0.005, 0.004, 1, i % 3 === 0);
  const ringMb = (process.memoryUsage().arrayBuffers - heapBefore) / 1e6;
  const start = performance.now();
  buildProfile(ring, callSites);
  return { buildMs: performance.now() - start, ringMb, dropped: ring.dropped };
}

/** Runs the benchmark and returns its table rows. */
export function runRecorderBench(): string[][] {
  const rows: string[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    const result = overhead(backend);
    const tracking = overhead(backend, 'track');
    rows.push(
      [`${backend}: training step, recorder off (baseline)`, `${result.stepOffMs.toFixed(3)} ms`, '', ''],
      [
        `${backend}: training step, recorder on`,
        `${result.stepOnMs.toFixed(3)} ms`,
        `${result.onRatio.toFixed(3)}×`,
        `target ≤ ${backend === 'cpu' ? '1.03' : '1.05'}×`,
      ],
      [
        `${backend}: the clock alone, 2 reads × ${result.kernelsPerStep} kernels a step`,
        `${((2 * result.kernelsPerStep * result.clockReadNs) / 1e6).toFixed(4)} ms`,
        `${result.clockFloorRatio.toFixed(3)}×`,
        `${result.clockReadNs.toFixed(0)} ns a read: the floor of any per-kernel timing`,
      ],
      [`${backend}: training step under tf.profile (peer)`, `${result.stepTfProfileMs.toFixed(3)} ms`, `${result.tfProfileRatio.toFixed(3)}×`, ''],
      [
        `${backend}: training step, live tensors by line alone (leak finder)`,
        `${tracking.stepOnMs.toFixed(3)} ms`,
        `${tracking.onRatio.toFixed(3)}×`,
        'target ≤ 1.03×',
      ],
      [
        `${backend}: 1-element tf.add, time added per kernel`,
        `${result.addedPerKernelUs.toFixed(2)} µs`,
        '',
        `of ${result.addOffUs.toFixed(2)} µs; target ≤ 1 µs`,
      ],
    );
  }
  const million = millionKernels();
  rows.push([
    '1,000,000 kernels (1.2M recorded): flame tree build',
    `${million.buildMs.toFixed(0)} ms`,
    '',
    `ring ${million.ringMb.toFixed(0)} MB, ${million.dropped} dropped; target ≤ 1 s`,
  ]);
  return rows;
}
