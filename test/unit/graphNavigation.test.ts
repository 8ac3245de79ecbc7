/**
 * The tape graph's arrow keys on a small laid-out graph: Left and Right along the edges (the
 * nearest in height of several), Up and Down within a column, Home and End in tape order.
 */
import * as assert from 'node:assert/strict';
import { moveFrom, type NavigableGraph } from '../../webviews/tape/graphNavigation';

describe('tape graph navigation', () => {
  const box = (x: number, y: number) => ({ x, y, width: 60, height: 38 });
  // Columns: a b | c d | e; c reads a and b, d reads b, e reads c and d.
  const graph: NavigableGraph = {
    order: ['a', 'b', 'c', 'd', 'e'],
    edges: [
      { from: 'a', to: 'c' },
      { from: 'b', to: 'c' },
      { from: 'b', to: 'd' },
      { from: 'c', to: 'e' },
      { from: 'd', to: 'e' },
    ],
    boxes: { a: box(30, 20), b: box(30, 80), c: box(140, 30), d: box(140, 90), e: box(250, 60) },
  };

  it('follows the edges, to the input or consumer nearest in height', () => {
    assert.equal(moveFrom(graph, 'c', 'input'), 'a');
    assert.equal(moveFrom(graph, 'd', 'input'), 'b');
    assert.equal(moveFrom(graph, 'b', 'consumer'), 'd');
    assert.equal(moveFrom(graph, 'e', 'input'), 'c', 'a tie goes to the earlier in tape order');
  });

  it('moves within a column, and to the first and last box', () => {
    assert.equal(moveFrom(graph, 'c', 'below'), 'd');
    assert.equal(moveFrom(graph, 'd', 'above'), 'c');
    assert.equal(moveFrom(graph, 'c', 'above'), 'c');
    assert.equal(moveFrom(graph, 'c', 'first'), 'a');
    assert.equal(moveFrom(graph, 'a', 'last'), 'e');
  });

  it('stays put with nowhere to go', () => {
    assert.equal(moveFrom(graph, 'a', 'input'), 'a');
    assert.equal(moveFrom(graph, 'e', 'consumer'), 'e');
    assert.equal(moveFrom(graph, 'e', 'below'), 'e');
  });
});
