/**
 * What makes a Chrome trace (Trace Event Format, complete events) valid for the debugger's
 * tests: each event names what a viewer needs, and nests exactly in its parent's span.
 */
import * as assert from 'node:assert/strict';
import type { TraceEvent } from '../../protocol/runtimeApi';

/** Every event carries the fields a trace viewer needs, and each lies inside its parent. */
export function assertNestsExactly(traceEvents: TraceEvent[]): void {
  for (const event of traceEvents) {
    for (const key of ['name', 'ph', 'ts', 'dur', 'pid', 'tid'] as const) assert.notEqual(event[key], undefined, `${key} of ${JSON.stringify(event)}`);
    assert.equal(event.ph, 'X');
    assert.ok(Number.isInteger(event.ts) && Number.isInteger(event.dur) && event.dur >= 0, JSON.stringify(event));
  }
  const end = (event: TraceEvent): number => event.ts + event.dur;
  const open: TraceEvent[] = [];
  for (const event of [...traceEvents].sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    while (open.length > 0 && event.ts >= end(open[open.length - 1])) open.pop();
    const parent = open[open.length - 1];
    if (parent) assert.ok(event.ts >= parent.ts && end(event) <= end(parent), `${JSON.stringify(event)} sticks out of ${JSON.stringify(parent)}`);
    open.push(event);
  }
}
