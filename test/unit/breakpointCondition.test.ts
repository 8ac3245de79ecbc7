import * as assert from 'node:assert/strict';
import { compileCondition, hitConditionProblem, parseLogMessage } from '../../debug-adapter/services/breakpointCondition';

describe('breakpoint conditions', () => {
  it('splits log messages into text and nested-brace expressions', () => {
    assert.deepEqual(parseLogMessage('loss {loss} at {({a: 1}).a}!'), { texts: ['loss ', ' at ', '!'], expressions: ['loss', '({a: 1}).a'] });
    assert.deepEqual(parseLogMessage('no braces'), { texts: ['no braces'], expressions: [] });
    assert.deepEqual(parseLogMessage('open {brace'), { texts: ['open {brace'], expressions: [] });
  });

  it('combines condition, hit condition and logpoint in that order', () => {
    assert.equal(compileCondition(1, {}), undefined);
    assert.equal(compileCondition(2, { hitCondition: '5' }), 'globalThis.__tfjsDebugger.hit(2, "5")');
    assert.equal(
      compileCondition(3, { condition: 'x', hitCondition: '>= 2', logMessage: 'v {v}' }),
      'globalThis.__tfjsDebugger.evaluateCondition(() => (x) && globalThis.__tfjsDebugger.hit(3, ">= 2") && (globalThis.__tfjsDebugger.logpoint(3, ["v ",""], [(() => { try { return (v); } catch (error) { return error; } })()]), false))',
    );
  });

  it('runs a condition or a logpoint as an evaluation of the runtime, a hit count alone as it is', () => {
    assert.equal(compileCondition(4, { condition: 'x > 1' }), 'globalThis.__tfjsDebugger.evaluateCondition(() => (x > 1))');
    assert.match(compileCondition(5, { logMessage: 'v {v}' }) ?? '', /^globalThis\.__tfjsDebugger\.evaluateCondition\(\(\) => \(globalThis\.__tfjsDebugger\.logpoint\(5, /);
  });

  it('reads hit conditions', () => {
    for (const ok of ['5', '>= 5', '==3', '< 2', '%4', ' > 1 ']) assert.equal(hitConditionProblem(ok), undefined, ok);
    assert.match(hitConditionProblem('x') ?? '', /^hitCondition: expected a count/);
  });
});
