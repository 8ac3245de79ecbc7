/**
 * The words of "TF.js: Show Memory": the live tensors by the line that made them
 * (`tfjs/memory` with `byLine`), one entry per line, the lines that grew most first, each
 * with its growth per training step or since the previous stop. Kept apart from the command
 * so that its words are tested without VS Code.
 */
import type { MemoryInfo, TensorLine } from '../protocol/runtimeApi';

/** One entry of the pick list. */
export interface MemoryItem {
  label: string;
  description: string;
  detail?: string;
  source?: { path: string; line: number };
  /** The line whole (`TensorLine.key`): its tensors in the heatmap are `{madeAt: key}`. */
  key: string;
}

const count = (n: number, one: string): string => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** Bytes as KiB or MiB past 1 KiB. */
export function sizeText(bytes: number): string {
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  if (Math.abs(bytes) < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

const signed = (n: number, digits = 0): string => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toFixed(digits).replace(/\.0+$/, '')}`;

/** How a line changed: per training step where steps ran between the stops, else since the previous stop. */
function growth(line: TensorLine): string | undefined {
  if (line.perStep !== undefined && line.perStep !== 0) return `${signed(line.perStep, 2)} tensor${Math.abs(line.perStep) === 1 ? '' : 's'} / step`;
  const since = line.sincePreviousStop;
  if (since && since.tensors !== 0) return `${signed(since.tensors)} since the previous stop`;
  return undefined;
}

/** Why the list is empty where tracking is off. */
export const trackingOff = 'The live tensors are not tracked in this session: the launch argument "trackTensors" is false.';

/** The pick list's title: the totals and the steps between the stops. */
export function memoryTitle(memory: MemoryInfo): string {
  const steps = memory.byLine?.stepsSincePreviousStop;
  const between = steps === undefined ? 'no previous stop to compare with' : `${count(steps, 'training step')} since the previous stop`;
  return `TF.js memory: ${count(memory.numTensors, 'tensor')}, ${sizeText(memory.numBytes)} · ${between}`;
}

/** One entry per line of the report. */
export function memoryItems(memory: MemoryInfo): MemoryItem[] {
  const lines = memory.byLine?.lines ?? [];
  return lines.map((line) => {
    const grew = growth(line);
    return {
      label: `${grew && (line.sincePreviousStop?.tensors ?? 0) > 0 ? '$(warning) ' : ''}${line.name}`,
      description: [grew, `${count(line.tensors, 'tensor')} alive, ${sizeText(line.bytes)}`].filter(Boolean).join(' · '),
      detail: `${line.functionName ? `in ${line.functionName}: ` : ''}made ${line.made.toLocaleString('en-US')}, disposed ${line.disposed.toLocaleString('en-US')}`,
      ...(line.source && { source: { path: line.source.path, line: line.source.line } }),
      key: line.key,
    };
  });
}
