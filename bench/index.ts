/**
 * `npm run bench`: runs each benchmark and prints one table. Figures are ratios and medians
 * measured in this run; nothing here is asserted by the tests.
 */
import { runConvNetDebuggedBench } from './convNetDebugged.bench';
import { runConvNetRecorderBench } from './convNetRecorder.bench';
import { runFlameBench } from './flame.bench';
import { runLaunchBench } from './launch.bench';
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

async function main(): Promise<void> {
  printTable([
    ...(await runLaunchBench()),
    ...(await runStopBench()),
    ...(await runTransferBench()),
    ...(await runPaintBench()),
    ...runRecorderBench(),
    ...(await runFlameBench()),
    ...(await runSoakBench()),
    ...runConvNetRecorderBench(),
    ...(await runConvNetDebuggedBench()),
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
