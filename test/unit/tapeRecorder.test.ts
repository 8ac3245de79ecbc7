/**
 * The tape recorder on the real tfjs engine (cpu backend, in this process): kept tapes, the
 * byte budget of kept values (older tapes give their values up and keep statistics), and
 * read-only snapshots of a tape's tensors. No tensor is created or leaked by recording.
 */
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { CallSites } from '../../runtime/recorder/callSites';
import { TapeRecorder, type TapeEngine } from '../../runtime/recorder/tapeRecorder';

const keptTapes = 4;
import { isTensor } from '../../runtime/tensorReader';

describe('tape recorder', () => {
  let tapes: TapeRecorder;
  let recording = true;
  let v: tf.Variable;

  before(async () => {
    // Made here, not as the file loads: another test file may have registered a backend that needs awaiting.
    await tf.setBackend('cpu');
    v = tf.variable(tf.tensor1d([1, 2, 3, 4]), true, 'unitV');
    // Room for the values of about one tape of this test's step (a few 4-element tensors).
    tapes = new TapeRecorder(new CallSites(), keptTapes, 200);
    tapes.install(tf.engine() as unknown as TapeEngine, () => recording);
  });

  after(() => {
    recording = false;
  });

  function step(scale: number): void {
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.mul(v, scale))));
    tf.dispose([value, grads]);
  }

  it('keeps the last tapes, each with its sources and gradient statistics, and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    for (let i = 1; i <= keptTapes + 2; i++) step(i);
    assert.equal(tf.memory().numTensors, before);
    const described = tapes.describe();
    assert.equal(described.length, keptTapes);
    const last = described[described.length - 1];
    assert.deepEqual(
      last.sources.map((source) => [source.name, source.variable]),
      [['unitV', true]],
    );
    // d(sum((s·v)²))/dv = 2s²v, with the last step's s = keptTapes + 2 and max(v) = 4.
    assert.deepEqual(last.sources[0].gradient?.stats.max, 2 * (keptTapes + 2) ** 2 * 4);
    // Recorded into the storage of a tape let go: the gradient into s·v is 2s·v, this step's.
    assert.equal(last.nodes.find((node) => node.op === 'Multiply')?.gradient?.stats.max, 2 * (keptTapes + 2) * 4);
    // The oldest kept tape gave its values up to the budget and kept its statistics.
    const oldest = described[0];
    const square = oldest.nodes.find((node) => node.op === 'Square');
    assert.deepEqual(square?.gradient?.stats, { min: 1, max: 1, mean: 1, std: 0, nanCount: 0, infCount: 0 });
    assert.throws(() => tapes.tensor(oldest.index, square.outputs[0].id, 'gradient'), /was not kept: recorded gradients are kept up to/);
    assert.throws(() => tapes.tensor(oldest.index, square.outputs[0].id, 'value'), {
      message: `the value of tensor ${square.outputs[0].id} was not kept: forward values are kept for the newest tape only`,
    });
  });

  it('records the gradient into the output of a node it flowed into, when not the first', () => {
    const m = tf.variable(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      true,
      'unitM',
    );
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.unstack(m)[1], 5)), [m]);
    tf.dispose([value, grads]);
    const last = tapes.describe().at(-1);
    const unpack = last?.nodes.find((node) => node.op === 'Unpack');
    assert.ok(unpack);
    assert.deepEqual(
      unpack.outputs.map((output) => output.shape),
      [[2], [2]],
    );
    assert.deepEqual(unpack.gradient?.shape, [2]);
    assert.deepEqual(unpack.gradient?.stats, { min: 5, max: 5, mean: 5, std: 0, nanCount: 0, infCount: 0 });
    m.dispose();
  });

  it('leaves the gradients of an enclosing, unrecorded tape right when a tape inside it was recorded', () => {
    recording = false;
    const x = tf.tensor1d([1, 2, 3]);
    // d/dx sum(x · d/dx sum(x²)) = d/dx sum(2x²) = 4x: the outer backprop runs the inner tape's nodes again.
    const outer = tf.grad((input: tf.Tensor) => {
      recording = true;
      const inner = tf.grad((y: tf.Tensor) => tf.sum(tf.square(y)))(input);
      recording = false;
      return tf.sum(tf.mul(inner, input));
    })(x);
    recording = true;
    assert.deepEqual(Array.from(outer.dataSync()), [4, 8, 12]);
    assert.equal(
      tapes
        .describe()
        .at(-1)
        ?.nodes.some((node) => node.op === 'Square'),
      true,
    );
    tf.dispose([x, outer]);
  });

  it("gives the newest tape's tensors as read-only snapshots", () => {
    step(3);
    const last = tapes.describe().at(-1);
    assert.ok(last);
    const square = last.nodes.find((node) => node.op === 'Square');
    assert.ok(square);
    const value = tapes.tensor(last.index, square.outputs[0].id, 'value');
    assert.ok(isTensor(value));
    assert.deepEqual(Array.from(value.dataSync()), [9, 36, 81, 144]);
    assert.deepEqual(value.shape, [4]);
    assert.deepEqual(Array.from(tapes.tensor(last.index, v.id, 'gradient').dataSync()), [18, 36, 54, 72]);
    assert.throws(() => tapes.tensor(last.index, -5, 'value'), {
      message: `tensor -5 is not a node output or a source of tape ${last.index}: take a tensor id from that tape's nodes or sources (tfjs/tape)`,
    });
    assert.throws(() => tapes.tensor(last.index - keptTapes, 1, 'value'), {
      message: `tape ${last.index - keptTapes} is no longer kept: maxTapes keeps the newest ${keptTapes}; open a newer one (tfjs/tape lists them), or raise maxTapes`,
    });
    assert.throws(() => tapes.tensor(last.index + 1, 1, 'value'), {
      message: `tape ${last.index + 1} was never recorded (the newest is tape ${last.index}): take a tape's id from tfjs/tape`,
    });
  });
});
