// A small multilayer perceptron trained on synthetic data with the tfjs cpu backend.
// Press F5 with this file open (or pick "Debug MLP" in Run and Debug), then set a
// breakpoint inside `model()` to see its tensors in the Variables view.
const tf = require('@tensorflow/tfjs');

const FEATURES = 8;
const HIDDEN = 16;
const SAMPLES = 64;
const STEPS = Number(process.env.MLP_STEPS ?? 5);

// Synthetic regression task: y = sum(x * trueW) + 0.5, with a fixed seed.
const x = tf.randomNormal([SAMPLES, FEATURES], 0, 1, 'float32', 42);
const trueW = tf.linspace(-1, 1, FEATURES).reshape([FEATURES, 1]);
const y = tf.matMul(x, trueW).add(0.5);

const w1 = tf.variable(tf.randomNormal([FEATURES, HIDDEN], 0, 0.3, 'float32', 1), true, 'w1');
const b1 = tf.variable(tf.zeros([HIDDEN]), true, 'b1');
const w2 = tf.variable(tf.randomNormal([HIDDEN, 1], 0, 0.3, 'float32', 2), true, 'w2');
const b2 = tf.variable(tf.zeros([1]), true, 'b2');

function model(input) {
  const hidden = tf.relu(tf.add(tf.matMul(input, w1), b1)); // HIDDEN_LINE
  const output = tf.add(tf.matMul(hidden, w2), b2); // OUTPUT_LINE
  return output; // MODEL_RETURN_LINE
}

function loss(prediction, target) {
  return tf.losses.meanSquaredError(target, prediction); // LOSS_LINE
}

const optimizer = tf.train.sgd(0.05);

async function selectBackend(name) {
  if (name === 'wasm') {
    // The wasm backend ships its .wasm files inside the npm package: point it there.
    const path = require('path');
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep);
  }
  await tf.setBackend(name);
}

async function main() {
  await selectBackend(process.env.TFJS_BACKEND ?? 'cpu');
  for (let step = 0; step < STEPS; step++) {
    const cost = optimizer.minimize(() => loss(model(x), y), true);
    console.log(`step ${step} loss ${cost.dataSync()[0].toFixed(6)}`); // AFTER_STEP_LINE
    cost.dispose();
  }
  console.log(`tensors ${tf.memory().numTensors}`);
}

main();
