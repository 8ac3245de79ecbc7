import * as assert from 'node:assert/strict';
import { isEsbuildHelper, isEsbuildHelperCall } from '../../debug-adapter/services/esbuildHelpers';
import { returnStatementEndingAt, scanBrackets } from '../../debug-adapter/services/generatedCode';

/** Every column where `token` starts in `code`, standing in for a source map's segment starts. */
function startsOf(code: string, ...tokens: string[]): number[] {
  const starts = tokens.flatMap((token) => [...code.matchAll(new RegExp(token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) => m.index));
  return [...new Set(starts)].sort((a, b) => a - b);
}

describe('generated code', () => {
  it('finds the return statement that ends where V8 breaks on it', () => {
    const code = 'function scale(x,factor){const y=tf.mul(x,factor);return y}__name(scale,"scale");';
    const end = code.indexOf('}__name');
    assert.equal(returnStatementEndingAt(code, end, startsOf(code, 'const', 'tf.', 'return', '}')), code.indexOf('return'));
  });

  it('finds an outer return around a function that returns on its own', () => {
    const code = 'function f(){return g(function(){return 1})}';
    const starts = startsOf(code, 'return', 'g(', '}');
    assert.equal(returnStatementEndingAt(code, code.length - 1, starts), code.indexOf('return g'));
    assert.equal(returnStatementEndingAt(code, code.indexOf('})'), starts), code.indexOf('return 1'));
  });

  it('answers no for a function that ends without a return, or after one in a branch', () => {
    const noReturn = 'function f(){foo()}';
    assert.equal(returnStatementEndingAt(noReturn, noReturn.length - 1, startsOf(noReturn, 'foo')), undefined);
    const branch = 'function f(a){if(a)return 1;foo()}';
    assert.equal(returnStatementEndingAt(branch, branch.length - 1, startsOf(branch, 'if', 'return', 'foo')), undefined);
    const sibling = 'function a(){return 1}function b(){foo()}';
    assert.equal(returnStatementEndingAt(sibling, sibling.length - 1, startsOf(sibling, 'return', 'foo')), undefined);
    const method = 'function f(it){it.return()}';
    assert.equal(returnStatementEndingAt(method, method.length - 1, startsOf(method, 'it.', 'return')), undefined);
  });

  it('skips brackets inside strings, template literals and comments', () => {
    const code = 'return `a}${f("}")}b`+"{"/* } */';
    assert.equal(returnStatementEndingAt(code, code.length, [0]), 0);
    assert.deepEqual(scanBrackets('dense({units:"}",n:`${a}`', 0, 25), { depth: 2, lowest: 0 });
  });

  it('tells whether a position is inside brackets opened after a start', () => {
    const code = 'const hidden=tf.layers.dense({units:4,inputShape:[2]});model.add(hidden);';
    const dense = code.indexOf('dense');
    assert.equal(scanBrackets(code, dense, code.indexOf('units')).depth, 2);
    const after = scanBrackets(code, dense, code.indexOf('model'));
    assert.deepEqual([after.depth, after.semicolon], [0, code.indexOf(';model')]);
    assert.equal(scanBrackets(code, code.indexOf('4'), code.indexOf('model')).lowest, -2);
  });

  it("knows esbuild's helpers by name and by call", () => {
    assert.ok(isEsbuildHelper('__toESM'));
    assert.ok(!isEsbuildHelper('__filename'));
    const code = 'class K{static{__name(this,"K")}}__myOwn(1);';
    assert.ok(isEsbuildHelperCall(code, code.indexOf('__name')));
    assert.ok(!isEsbuildHelperCall(code, code.indexOf('__myOwn')));
  });
});
