import { tf } from '../../tf';

/** A small conv net (conv, batch norm, pooling, dense) as the IO specs save and load: every kind of weight a ResNet has. */
export function smallConvNet(seed: number): tf.LayersModel {
  const input = tf.input({ shape: [12, 12, 2] });
  let x = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: tf.initializers.glorotNormal({ seed }) })
    .apply(input);
  x = tf.layers.batchNormalization({ momentum: 0.9 }).apply(x);
  x = tf.layers.reLU().apply(x);
  x = tf.layers.globalAveragePooling2d({}).apply(x);
  const output = tf.layers
    .dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }) })
    .apply(x);
  const model = tf.model({ inputs: input, outputs: output as tf.SymbolicTensor });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** A fixed input batch for {@link smallConvNet}. */
export function smallConvNetInput(): tf.Tensor4D {
  return tf.tensor4d(
    Array.from({ length: 2 * 12 * 12 * 2 }, (_, i) => Math.sin(i * 0.37) + 0.1 * (i % 7)),
    [2, 12, 12, 2],
  );
}

/** The model's prediction for {@link smallConvNetInput}, as plain numbers. */
export function predictSmall(model: tf.LayersModel): number[] {
  return tf.tidy(() => Array.from((model.predict(smallConvNetInput()) as tf.Tensor).dataSync()));
}
