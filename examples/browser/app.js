/* global tf */
// The page's model: a small convolutional network (conv2d → maxPooling2d → flatten → dense
// softmax) learns to tell 8×8 pictures of a horizontal bar from pictures of a vertical one,
// which it makes itself. model.fit trains it for a few epochs; after each, an async callback
// asks it about a few probe pictures and writes the loss into the page. The backend is the
// page's `?backend=` (webgl unless given: also webgpu, wasm or cpu), picked in the page's menu.
//
// Debug it from VS Code with "Debug TF.js page" (examples/.vscode/launch.json), with a
// breakpoint on the line marked BREAK_LINE: it stops after every epoch, with the model's
// answers (`probabilities`) and the probe pictures in Variables.
'use strict';

const SIZE = 8;
const SAMPLES = 64;
const EPOCHS = 6;
const BACKENDS = ['webgl', 'webgpu', 'wasm', 'cpu'];

/** Pictures of one bar each, on faint noise: even samples horizontal (label 0), odd vertical (1). */
function makeBars(count, seed) {
  return tf.tidy(() => {
    const pixels = new Float32Array(count * SIZE * SIZE);
    const labels = [];
    for (let i = 0; i < count; i++) {
      const vertical = i % 2;
      const at = Math.floor(i / 2) % SIZE;
      for (let k = 0; k < SIZE; k++) {
        const [row, col] = vertical ? [k, at] : [at, k];
        pixels[i * SIZE * SIZE + row * SIZE + col] = 1;
      }
      labels.push(vertical);
    }
    const images = tf.tensor4d(pixels, [count, SIZE, SIZE, 1]).add(tf.randomUniform([count, SIZE, SIZE, 1], 0, 0.3, 'float32', seed));
    return { images, labels: tf.oneHot(tf.tensor1d(labels, 'int32'), 2), classes: tf.tensor1d(labels, 'int32') };
  });
}

/**
 * The network. `trainConv` false freezes the convolution's kernel at its random start: the wasm
 * backend of tfjs 4.22 cannot compute its gradient (it has no Conv2DBackpropFilter kernel).
 */
function buildModel(trainConv) {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [SIZE, SIZE, 1],
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      trainable: trainConv,
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }));
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
  return model;
}

function show(id, text, failed = false) {
  const element = document.getElementById(id);
  element.textContent = text;
  element.classList.toggle('failed', failed);
}

function showEpoch(epoch, loss, right, probes) {
  const item = document.createElement('li');
  item.textContent = `epoch ${epoch}: loss ${loss.toFixed(4)}, probes right ${right}/${probes}`;
  document.getElementById('epochs').append(item);
  console.log(item.textContent);
}

async function startBackend(name) {
  if (!BACKENDS.includes(name)) throw new Error(`unknown backend "${name}" in the page's URL: use ?backend=${BACKENDS.join(', ?backend=')}`);
  // The wasm backend fetches its .wasm files at start: serve.js serves them under /tfjs-wasm/.
  if (name === 'wasm') tf.wasm.setWasmPaths(new URL('/tfjs-wasm/', globalThis.location.href).href);
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not start in this browser: pick another in the menu`);
  await tf.ready();
}

async function train(model, data, probe) {
  await model.fit(data.images, data.labels, { // FIT_LINE
    epochs: EPOCHS,
    batchSize: 16,
    shuffle: false,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        const probabilities = model.predict(probe.images);
        const correct = tf.tidy(() => probabilities.argMax(1).equal(probe.classes).sum());
        const right = (await correct.data())[0]; // BREAK_LINE
        tf.dispose([probabilities, correct]);
        showEpoch(epoch, logs.loss, right, probe.classes.size);
      },
    },
  });
}

async function main() {
  const backend = new URL(globalThis.location.href).searchParams.get('backend') ?? 'webgl';
  const menu = document.getElementById('backend');
  menu.value = backend;
  menu.addEventListener('change', () => globalThis.location.assign(`?backend=${menu.value}`));
  await startBackend(backend);
  const trainConv = tf.getBackend() !== 'wasm';
  if (!trainConv) show('note', 'On wasm the convolution stays as it started (tfjs-backend-wasm cannot train it): only the dense layer learns.');
  show('status', `training on ${tf.getBackend()}…`);
  const data = makeBars(SAMPLES, 7);
  const probe = makeBars(8, 11);
  await train(buildModel(trainConv), data, probe);
  show('status', `done: ${EPOCHS} epochs on ${tf.getBackend()}`);
}

main().catch((error) => {
  show('status', `failed: ${error.message}`, true);
  console.error(error);
});
