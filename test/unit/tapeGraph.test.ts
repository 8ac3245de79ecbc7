import * as assert from 'node:assert/strict';
import { layeredLayout, layoutGraph } from '../../webviews/tape/layout';
import { normColor, normScale } from '../../webviews/tape/normScale';
import { buildTapeGraph, gradientMark, startsCollapsed, visibleGraph } from '../../webviews/tape/tapeGraph';
import { COLORMAPS, NAN_COLOR, tableColor } from '../../common/colormap';
import { gradient, mlpTape, rnnTape, TRAIN_JS } from '../tapeFixtures';

describe('tape graph', () => {
  it('makes one node per op, one source node per tensor no op produced, and an edge per tensor read', () => {
    const graph = buildTapeGraph(mlpTape());
    assert.deepEqual(
      graph.ops.map((op) => op.label),
      ['MatMul', 'Add', 'Relu', 'MatMul', 'Add', 'Sub', 'Square', 'Mean'],
    );
    // x and y are data (named by id); w1, b1, w2, b2 are the variables, named.
    // In the order the ops first read them.
    assert.deepEqual(
      graph.sources.map((source) => source.label),
      ['tensor #1', 'w1', 'b1', 'w2', 'b2', 'tensor #2'],
    );
    assert.equal(graph.edges.length, 13);
    const matmul = graph.ops[0];
    assert.deepEqual(
      graph.edges.filter((edge) => edge.to === matmul.key).map((edge) => edge.from),
      ['t1', 't3'],
    );
    assert.equal(matmul.detail, '[64,16]');
    // The second MatMul reads Relu's output: an edge between op nodes.
    assert.deepEqual(
      graph.edges.filter((edge) => edge.to === graph.ops[3].key).map((edge) => edge.from),
      [graph.ops[2].key, 't5'],
    );
    assert.equal(graph.sources.find((s) => s.label === 'w2')?.norm, 1.5);
    assert.equal(graph.sources.find((s) => s.label === 'tensor #1')?.source, undefined);
  });

  it('leaves out Identity ops (clones): their readers read what was cloned', () => {
    const plain = mlpTape();
    const cloned = mlpTape();
    // w2 (tensor 5) read through two clones before the second MatMul.
    const matmul = cloned.nodes.findIndex((node) => node.id === 103);
    const w2 = cloned.nodes[matmul].inputs[1];
    cloned.nodes.splice(
      matmul,
      0,
      { id: 200, op: 'Identity', inputs: [w2], outputs: [{ ...w2, id: 90 }] },
      { id: 201, op: 'Identity', inputs: [{ ...w2, id: 90 }], outputs: [{ ...w2, id: 91 }] },
    );
    cloned.nodes[matmul + 2] = { ...cloned.nodes[matmul + 2], inputs: [cloned.nodes[matmul + 2].inputs[0], { ...w2, id: 91 }] };
    const graph = buildTapeGraph(cloned);
    const expected = buildTapeGraph(plain);
    assert.equal(graph.identities, 2);
    assert.equal(expected.identities, 0);
    assert.deepEqual(
      graph.ops.map((op) => op.key),
      expected.ops.map((op) => op.key),
    );
    assert.deepEqual(
      graph.edges.map((edge) => `${edge.from}→${edge.to}`),
      expected.edges.map((edge) => `${edge.from}→${edge.to}`),
    );
  });

  it('marks exploding (norm > 1e3, NaN or Inf) and vanishing (norm < 1e-7) gradients', () => {
    assert.equal(gradientMark(undefined), undefined);
    assert.equal(gradientMark(gradient([2], 1)), undefined);
    assert.equal(gradientMark(gradient([2], 1000)), undefined);
    assert.equal(gradientMark(gradient([2], 1000.5)), 'exploding');
    assert.equal(gradientMark(gradient([2], 0.5, 1)), 'exploding');
    assert.equal(gradientMark(gradient([2], NaN)), 'exploding');
    assert.equal(gradientMark(gradient([2], 1e-7)), undefined);
    assert.equal(gradientMark(gradient([2], 1e-8)), 'vanishing');
    assert.equal(gradientMark(gradient([2], 0)), 'vanishing');

    const graph = buildTapeGraph(mlpTape({ explode: 1e6, nan: 3 }));
    const marks = Object.fromEntries([...graph.ops, ...graph.sources].filter((n) => n.mark).map((n) => [`${n.label}@${n.key}`, n.mark]));
    assert.deepEqual(marks, {
      'Relu@n102': 'vanishing',
      'MatMul@n103': 'exploding',
      'Sub@n105': 'exploding',
      'w1@t3': 'exploding',
      'w2@t5': 'exploding',
    });
  });

  it('collapses by source line: one box per line of two ops or more, merged edges, none inside a box', () => {
    const graph = buildTapeGraph(mlpTape({ explode: 1e6 }));
    assert.deepEqual(
      graph.groups.map((group) => [group.key, group.label, group.detail, group.members.length]),
      [
        [`l${TRAIN_JS}:22`, 'train.js:22', '3 ops: MatMul Add Relu', 3],
        [`l${TRAIN_JS}:23`, 'train.js:23', '2 ops: MatMul Add', 2],
        [`l${TRAIN_JS}:28`, 'train.js:28', '3 ops: Sub Square Mean', 3],
      ],
    );
    // A group takes its largest norm and its worst mark.
    assert.equal(graph.groups[1].norm, 1e6);
    assert.equal(graph.groups[1].mark, 'exploding');
    assert.equal(graph.groups[0].mark, 'vanishing');

    const collapsed = visibleGraph(graph, true, new Set());
    assert.deepEqual(
      collapsed.nodes.map((node) => node.key),
      ['t1', 't3', 't4', 't5', 't6', 't2', `l${TRAIN_JS}:22`, `l${TRAIN_JS}:23`, `l${TRAIN_JS}:28`],
    );
    assert.deepEqual(
      collapsed.edges.map((edge) => `${edge.from}→${edge.to}×${edge.count}`),
      [
        `t1→l${TRAIN_JS}:22×1`,
        `t3→l${TRAIN_JS}:22×1`,
        `t4→l${TRAIN_JS}:22×1`,
        `l${TRAIN_JS}:22→l${TRAIN_JS}:23×1`,
        `t5→l${TRAIN_JS}:23×1`,
        `t6→l${TRAIN_JS}:23×1`,
        `l${TRAIN_JS}:23→l${TRAIN_JS}:28×1`,
        `t2→l${TRAIN_JS}:28×1`,
      ],
    );
    assert.deepEqual(collapsed.clusters, []);

    // Expanding line 23 shows its two ops inside a frame.
    const expanded = visibleGraph(graph, true, new Set([`l${TRAIN_JS}:23`]));
    assert.deepEqual(expanded.nodes.map((node) => node.key).slice(6), [`l${TRAIN_JS}:22`, 'n103', 'n104', `l${TRAIN_JS}:28`]);
    assert.deepEqual(
      expanded.clusters.map((group) => group.key),
      [`l${TRAIN_JS}:23`],
    );
    assert.deepEqual(
      [...expanded.parents],
      [
        ['n103', `l${TRAIN_JS}:23`],
        ['n104', `l${TRAIN_JS}:23`],
      ],
    );
    assert.ok(expanded.edges.some((edge) => edge.from === 'n103' && edge.to === 'n104'));

    // Without collapsing, every op is a box and there are no frames.
    const flat = visibleGraph(graph, false, new Set());
    assert.equal(flat.nodes.length, 14);
    assert.equal(flat.edges.length, 13);
    assert.equal(flat.parents.size, 0);
  });

  it('starts a 2,000-op tape collapsed to its four lines, with the many edges between them merged', () => {
    const graph = buildTapeGraph(rnnTape());
    assert.equal(graph.ops.length, 2000);
    assert.equal(startsCollapsed(graph), true);
    assert.equal(startsCollapsed(buildTapeGraph(mlpTape())), false);
    const shown = visibleGraph(graph, true, new Set());
    assert.deepEqual(
      shown.nodes.map((node) => node.label),
      ['tensor #1', 'Wx', 'tensor #5', 'Wh', 'b', 'train.js:10', 'train.js:11', 'train.js:12', 'train.js:13'],
    );
    const tanhToMatMul = shown.edges.find((edge) => edge.from.endsWith(':13') && edge.to.endsWith(':11'));
    assert.equal(tanhToMatMul?.count, 499);
    // Back in time the gradient vanishes: the group of line 10 holds vanishing ops, and its colour is its largest norm (1).
    assert.equal(shown.nodes[5].mark, 'vanishing');
    assert.equal(shown.nodes[5].norm, 1);
  });
});

describe('tape norm colours', () => {
  it('spans the finite positive norms in log10, viridis low to high, NaN grey', () => {
    const scale = normScale([1e-3, 1e6, undefined, 0, NaN, Infinity, 1]);
    assert.deepEqual(scale, { lo: -3, hi: 6 });
    assert.deepEqual(normColor(1e6, scale), tableColor(COLORMAPS.viridis, 255));
    assert.deepEqual(normColor(1e-3, scale), tableColor(COLORMAPS.viridis, 0));
    assert.deepEqual(normColor(0, scale), tableColor(COLORMAPS.viridis, 0));
    assert.deepEqual(normColor(10 ** 1.5, scale), tableColor(COLORMAPS.viridis, 128));
    assert.deepEqual(normColor(NaN, scale), NAN_COLOR);
    // Equal norms span one decade around them.
    assert.deepEqual(normScale([100, 100]), { lo: 1.5, hi: 2.5 });
    assert.deepEqual(normScale([]), { lo: 0, hi: 1 });
  });
});

describe('tape layout', () => {
  const request = {
    nodes: [
      { key: 'a', width: 60, height: 30 },
      { key: 'b', width: 60, height: 30 },
      { key: 'c', width: 60, height: 30 },
      { key: 'd', width: 60, height: 30 },
    ],
    clusters: [{ key: 'g', members: ['b', 'c'] }],
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'a', to: 'd' },
      { from: 'c', to: 'd' },
    ],
  };

  it('lays out left to right with dagre, the frame around its members', () => {
    const layout = layoutGraph(request);
    assert.equal(layout.engine, 'dagre');
    const { a, b, c, d } = layout.boxes;
    assert.ok(a.x < b.x && b.x < c.x && c.x < d.x, JSON.stringify(layout.boxes));
    const g = layout.clusters.g;
    for (const box of [b, c]) {
      assert.ok(box.x - box.width / 2 >= g.x - g.width / 2 && box.x + box.width / 2 <= g.x + g.width / 2, 'member inside its frame');
    }
    assert.equal(layout.edges.length, 4);
    assert.ok(layout.edges.every((points) => points.length >= 2));
  });

  it("falls back to columns by longest path beyond dagre's size", () => {
    const layout = layeredLayout(request);
    assert.equal(layout.engine, 'layered');
    const columns = ['a', 'b', 'c', 'd'].map((key) => layout.boxes[key].x);
    assert.deepEqual(columns, [38, 146, 254, 362]);
    const big = buildTapeGraph(rnnTape());
    const shown = visibleGraph(big, false, new Set());
    const started = Date.now();
    const result = layoutGraph({
      nodes: shown.nodes.map((node) => ({ key: node.key, width: 80, height: 38 })),
      clusters: [],
      edges: shown.edges,
    });
    assert.equal(result.engine, 'layered');
    assert.equal(Object.keys(result.boxes).length, 2005);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });
});
