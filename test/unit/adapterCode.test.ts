/**
 * The code the adapter has V8 run in the program as text (runtime/adapterCode.ts), run here in a
 * context of its own with a stand-in runtime API: what it does, not how its text reads.
 */
import * as assert from 'node:assert/strict';
import * as vm from 'node:vm';
import {
  assignStashed,
  breakpointCondition,
  elementName,
  hitConditionProblem,
  mapEntryName,
  memberName,
  parseLogMessage,
  runtimeApiLookup,
  subTensorName,
  tensorDescriptionGenerator,
} from '../../runtime/adapterCode';
import { runtimeGlobal } from '../../protocol/runtimeApi';

/** A context whose runtime API records what the code called (in arrays of this realm), with `bindings` as its globals. */
function programContext(bindings: Record<string, unknown> = {}) {
  const calls: unknown[][] = [];
  const hits = new Map<number, number>();
  let stashed: unknown;
  const api = {
    evaluateCondition: (run: () => unknown) => {
      calls.push(['evaluateCondition']);
      return Boolean(run());
    },
    hit: (id: number, condition: string) => {
      hits.set(id, (hits.get(id) ?? 0) + 1);
      calls.push(['hit', id, condition]);
      return (hits.get(id) ?? 0) >= Number(condition);
    },
    logpoint: (id: number, texts: string[], expressions: (() => unknown)[]) => {
      calls.push([
        'logpoint',
        id,
        [...texts],
        Array.from(expressions, (expression) => {
          try {
            return expression();
          } catch (error) {
            return (error as Error).message;
          }
        }),
      ]);
      return false;
    },
    takeStash: () => stashed,
  };
  const context = vm.createContext({ ...bindings, [runtimeGlobal]: api });
  return { calls, context, stash: (value: unknown) => (stashed = value), run: (code: string) => vm.runInContext(code, context) };
}

describe('code run in the program', () => {
  it('splits log messages into text and nested-brace expressions', () => {
    assert.deepEqual(parseLogMessage('loss {loss} at {({a: 1}).a}!'), { texts: ['loss ', ' at ', '!'], expressions: ['loss', '({a: 1}).a'] });
    assert.deepEqual(parseLogMessage('no braces'), { texts: ['no braces'], expressions: [] });
    assert.deepEqual(parseLogMessage('open {brace'), { texts: ['open {brace'], expressions: [] });
  });

  it('decides condition, then hit count, then logpoint, and a logpoint never stops', () => {
    assert.equal(breakpointCondition(1, {}), undefined);
    const program = programContext({ x: 1, v: 7 });
    const condition = breakpointCondition(3, { condition: 'x > 0', hitCondition: '2', logMessage: 'v={v} w={w}!' }) ?? '';
    assert.equal(program.run(condition), false);
    assert.deepEqual(program.calls, [['evaluateCondition'], ['hit', 3, '2']]);
    program.calls.length = 0;
    assert.equal(program.run(condition), false);
    assert.deepEqual(program.calls, [['evaluateCondition'], ['hit', 3, '2'], ['logpoint', 3, ['v=', ' w=', '!'], [7, 'w is not defined']]]);
    program.run('x = 0');
    program.calls.length = 0;
    assert.equal(program.run(condition), false);
    assert.deepEqual(program.calls, [['evaluateCondition']], 'a false condition counts no hit');
  });

  it('runs a condition or a logpoint as the runtime evaluation, a hit count alone as it is', () => {
    const program = programContext({ step: 4 });
    assert.equal(program.run(breakpointCondition(4, { condition: 'step % 2 === 0' }) ?? ''), true);
    assert.deepEqual(program.calls, [['evaluateCondition']]);
    program.calls.length = 0;
    assert.equal(program.run(breakpointCondition(5, { hitCondition: '1' }) ?? ''), true);
    assert.deepEqual(program.calls, [['hit', 5, '1']]);
  });

  it('reads hit conditions', () => {
    for (const ok of ['5', '>= 5', '==3', '< 2', '%4', ' > 1 ']) assert.equal(hitConditionProblem(ok), undefined, ok);
    assert.match(hitConditionProblem('x') ?? '', /^hitCondition: expected a count/);
  });

  it('finds the runtime API, and assigns the stashed value to what the user wrote', () => {
    const program = programContext({ model: { weights: [1, 2] } });
    assert.equal(typeof program.run(runtimeApiLookup), 'object');
    assert.equal(programContext().run(`delete globalThis.${runtimeGlobal}; ${runtimeApiLookup}`), undefined);
    program.stash([3, 4]);
    program.run(assignStashed('model.weights'));
    assert.deepEqual(program.run('model.weights'), [3, 4]);
  });

  it("describes a tensor by the runtime's descriptionOf, and anything else, or without a runtime, by js-debug's default", () => {
    const tensor = { dtype: 'float32' };
    const runtime = { descriptionOf: (value: unknown) => (value === tensor ? 'float32[2] min=1 max=2 mean=1.5 std=0.5' : undefined) };
    // js-debug calls the generator with `this` the value it shows, for every property of an object it lists.
    const describe = (context: vm.Context, value: unknown): unknown =>
      vm.runInContext(`(${tensorDescriptionGenerator})`, context).call(value, '<<default preview>>');
    const program = vm.createContext({ [runtimeGlobal]: runtime });
    assert.equal(vm.runInContext(`(${tensorDescriptionGenerator}).length`, program), 1);
    assert.equal(describe(program, tensor), 'float32[2] min=1 max=2 mean=1.5 std=0.5');
    for (const other of [{ dtype: 'float32' }, 5, 'text', undefined, null]) assert.equal(describe(program, other), '<<default preview>>', String(other));
    const failing = {
      descriptionOf: () => {
        throw new Error('runtime failed');
      },
    };
    for (const api of [undefined, {}, failing, { descriptionOf: () => 7 }]) {
      assert.equal(describe(vm.createContext(api ? { [runtimeGlobal]: api } : {}), tensor), '<<default preview>>', JSON.stringify(api));
    }
  });

  it('names members, map entries and tensor parts by expressions that reach them', () => {
    const program = programContext({ a: { b: { 'odd key': [10, 20] } }, m: new Map([['k', 5]]) });
    assert.equal(memberName(undefined, 'a'), 'a');
    assert.equal(memberName(undefined, 'odd key'), undefined);
    const odd = memberName(memberName('a', 'b'), 'odd key') ?? '';
    assert.equal(program.run(memberName(odd, '1') ?? ''), 20);
    assert.equal(program.run(mapEntryName('m', 'k')), 5);
    assert.equal(subTensorName('x', [2, 3]), 'tf.gather(tf.gather(x, 2), 3)');
    assert.equal(elementName('x', [2, 3]), 'x.bufferSync().get(2, 3)');
  });
});
