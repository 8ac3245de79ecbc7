/**
 * `npm run bench`: runs each benchmark and prints one table; `npm run bench -- pageView
 * pageRecorder` runs only the ones named. Figures are ratios and medians measured in this run;
 * nothing here is asserted by the tests.
 */
import { runConvNetDebuggedBench } from './convNetDebugged.bench';
import { runConvNetRecorderBench } from './convNetRecorder.bench';
import { runFlameBench } from './flame.bench';
import { runGpuBench } from './gpu.bench';
import { runLaunchBench } from './launch.bench';
import { runPageRecorderBench } from './pageRecorder.bench';
import { runPageViewBench } from './pageView.bench';
import { runModelPanelBench } from './modelPanel.bench';
import { runPaintBench } from './paint.bench';
import { runRecorderBench } from './recorder.bench';
import { runSoakBench } from './soak.bench';
import { runStopBench } from './stop.bench';
import { runTransferBench } from './transfer.bench';

function printTable(rows: string[][]): void {
  const header = ['benchmark', 'median', 'ratio', 'note'];
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  for (const [i, row] of all.entries()) {
    console.log(row.map((cell, column) => (cell ?? '').padEnd(widths[column])).join(' | '));
    if (i === 0) console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  }
}

/** Every benchmark by the name that selects it, in the table's order. */
const benchmarks: Record<string, () => string[][] | Promise<string[][]>> = {
  launch: runLaunchBench,
  stop: runStopBench,
  transfer: runTransferBench,
  pageView: runPageViewBench,
  paint: runPaintBench,
  modelPanel: runModelPanelBench,
  recorder: runRecorderBench,
  flame: runFlameBench,
  soak: runSoakBench,
  convNetRecorder: runConvNetRecorderBench,
  convNetDebugged: runConvNetDebuggedBench,
  pageRecorder: runPageRecorderBench,
  gpu: runGpuBench,
};

async function main(): Promise<void> {
  const named = process.argv.slice(2);
  const unknown = named.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}: the names are ${Object.keys(benchmarks).join(', ')}`);
  const rows: string[][] = [];
  for (const [name, run] of Object.entries(benchmarks)) {
    if (named.length === 0 || named.includes(name)) rows.push(...(await run()));
  }
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
