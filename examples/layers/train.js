// A small tf.layers conv net trained with model.fit on synthetic 12×12 images: is the bright
// bar across them horizontal, vertical or diagonal? Press F5 on "Debug conv net (layers)" (or
// with this file open), set a breakpoint in onEpochEnd, and run "TF.js: Show Model" to see
// each layer's output shape, parameters and weights; "TF.js: Show Memory" shows which lines
// hold tensors.
const tf = require('@tensorflow/tfjs');

const SIZE = 12;
const CLASSES = 3;
const SAMPLES = 96;
const EPOCHS = Number(process.env.EPOCHS ?? 5);

/** Images with a bar in one of three directions, and their one-hot labels (fixed seeds). */
function makeData() {
  return tf.tidy(() => {
    const labels = tf.randomUniform([SAMPLES], 0, CLASSES, 'int32', 7);
    const row = tf.range(0, SIZE).reshape([SIZE, 1]).tile([1, SIZE]);
    const col = row.transpose();
    const bars = [tf.equal(row, SIZE / 2), tf.equal(col, SIZE / 2), tf.equal(row, col)].map((bar) => bar.toFloat());
    const images = tf.stack(bars).gather(labels); // [SAMPLES, SIZE, SIZE]
    const noise = tf.randomNormal([SAMPLES, SIZE, SIZE], 0, 0.3, 'float32', 3);
    return { xs: images.add(noise).expandDims(3), ys: tf.oneHot(labels, CLASSES).toFloat() };
  });
}

const model = tf.sequential({
  name: 'bars',
  layers: [
    tf.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 8, kernelSize: 3, activation: 'relu', name: 'conv1' }),
    tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', name: 'conv2' }),
    tf.layers.flatten({ name: 'flatten' }),
    tf.layers.dropout({ rate: 0.2, name: 'dropout' }),
    tf.layers.dense({ units: CLASSES, activation: 'softmax', name: 'classes' }),
  ],
});
model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

async function main() {
  const { xs, ys } = makeData();
  await model.fit(xs, ys, {
    epochs: EPOCHS,
    batchSize: 16,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        console.log(`epoch ${epoch}: loss ${logs.loss.toFixed(4)}, accuracy ${logs.acc.toFixed(3)}`); // EPOCH_END_LINE
      },
    },
  });
  tf.dispose([xs, ys]);
}

main();
