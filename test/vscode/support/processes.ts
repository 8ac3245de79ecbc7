/**
 * The processes a scenario leaves behind, found in /proc by their command line (Linux, where
 * the real-VS-Code suite runs): the companion adapters and the browsers a debug session started.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The pids of the processes whose command line contains `text`. */
export function processesWith(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').includes(text)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** Resolves once no process whose command line contains `text` is running but those in `before`; fails after `ms`, naming them. */
export async function noProcessesWith(text: string, ms: number, before: number[] = []): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const left = processesWith(text).filter((pid) => !before.includes(pid));
    if (left.length === 0) return;
    if (Date.now() > end) throw new Error(`${left.length} process(es) still running with "${text}" in their command line: ${left.join(', ')}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
