import { tf } from '../tf';
import type { ModelConfig } from './model-config';
import { initialiseWeights } from './seeded-initialisation';

/** Keras ResNet's BatchNormalization epsilon (1.001e-5), kept so converted Keras weights behave the same. */
const BN_EPSILON = 1.001e-5;

/**
 * Builds a ResNet with the functional API. Layers are named as keras.applications.ResNet50 names
 * them (`conv1_conv`, `conv2_block1_0_conv`, ..., `conv5_block3_out`), so Keras ImageNet weights
 * converted to the tfjs layers format map by name; the head is `avg_pool` then `predictions`.
 */
export function buildResNet(config: ModelConfig): tf.LayersModel {
  const layers = new LayerFactory(config);
  const input = tf.input({ shape: config.inputShape, name: 'input_1' });
  let x = stem(layers, input);
  for (let stage = 0; stage < 4; stage++) {
    for (let b = 0; b < config.blocks[stage]; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      const name = `conv${stage + 2}_block${b + 1}`;
      x =
        config.block === 'bottleneck'
          ? bottleneckBlock(layers, x, config.widths[stage], stride, b === 0, name)
          : basicBlock(layers, x, config.widths[stage], stride, name);
    }
  }
  x = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as tf.SymbolicTensor;
  if (config.dropout > 0)
    x = tf.layers.dropout({ rate: config.dropout, seed: layers.nextSeed(), name: 'dropout' }).apply(x) as tf.SymbolicTensor;
  const units = config.head === 'sigmoid' ? 1 : config.classes;
  const output = tf.layers
    .dense({
      units,
      activation: config.head,
      name: 'predictions',
      kernelInitializer: 'zeros',
    })
    .apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: config.architecture });
  initialiseWeights(model, config.seed);
  return model;
}

/** conv1 (padded explicitly, as Keras does), BN, ReLU and, when configured, the 3x3/2 max pool. */
function stem(layers: LayerFactory, input: tf.SymbolicTensor): tf.SymbolicTensor {
  const { filters, kernel, stride, pool } = layers.config.stem;
  let x = tf.layers.zeroPadding2d({ padding: Math.floor(kernel / 2), name: 'conv1_pad' }).apply(input) as tf.SymbolicTensor;
  x = layers.conv(x, filters, kernel, stride, 'conv1_conv', 'valid');
  x = layers.bn(x, 'conv1_bn');
  x = layers.relu(x, 'conv1_relu');
  if (!pool) return x;
  x = tf.layers.zeroPadding2d({ padding: 1, name: 'pool1_pad' }).apply(x) as tf.SymbolicTensor;
  return tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }).apply(x) as tf.SymbolicTensor;
}

/** Keras's `block1`: 1x1 (strided), 3x3, 1x1 to 4x the width; a projection shortcut on the first block of a stage. */
function bottleneckBlock(
  layers: LayerFactory,
  input: tf.SymbolicTensor,
  width: number,
  stride: number,
  project: boolean,
  name: string,
): tf.SymbolicTensor {
  let shortcut = input;
  if (project) shortcut = layers.bn(layers.conv(input, 4 * width, 1, stride, `${name}_0_conv`), `${name}_0_bn`);
  let x = layers.relu(layers.bn(layers.conv(input, width, 1, stride, `${name}_1_conv`), `${name}_1_bn`), `${name}_1_relu`);
  x = layers.relu(layers.bn(layers.conv(x, width, 3, 1, `${name}_2_conv`), `${name}_2_bn`), `${name}_2_relu`);
  x = layers.bn(layers.conv(x, 4 * width, 1, 1, `${name}_3_conv`), `${name}_3_bn`);
  return residual(x, shortcut, name);
}

/** ResNet-18's block: two 3x3 convolutions; a 1x1 projection shortcut only where the shape changes. */
function basicBlock(layers: LayerFactory, input: tf.SymbolicTensor, width: number, stride: number, name: string): tf.SymbolicTensor {
  const channels = input.shape[3];
  let shortcut = input;
  if (stride !== 1 || channels !== width) shortcut = layers.bn(layers.conv(input, width, 1, stride, `${name}_0_conv`), `${name}_0_bn`);
  let x = layers.relu(layers.bn(layers.conv(input, width, 3, stride, `${name}_1_conv`), `${name}_1_bn`), `${name}_1_relu`);
  x = layers.bn(layers.conv(x, width, 3, 1, `${name}_2_conv`), `${name}_2_bn`);
  return residual(x, shortcut, name);
}

function residual(x: tf.SymbolicTensor, shortcut: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  const sum = tf.layers.add({ name: `${name}_add` }).apply([shortcut, x]) as tf.SymbolicTensor;
  return tf.layers.activation({ activation: 'relu', name: `${name}_out` }).apply(sum) as tf.SymbolicTensor;
}

/** Makes the layers (kernels start at zero: {@link initialiseWeights} draws them from the seed once the model is whole). */
class LayerFactory {
  private seeds = 0;

  constructor(readonly config: ModelConfig) {}

  nextSeed(): number {
    return this.config.seed * 10_007 + ++this.seeds;
  }

  conv(
    x: tf.SymbolicTensor,
    filters: number,
    kernel: number,
    stride: number,
    name: string,
    padding: 'same' | 'valid' = 'same',
  ): tf.SymbolicTensor {
    return tf.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides: stride,
        padding,
        name,
        kernelInitializer: 'zeros',
      })
      .apply(x) as tf.SymbolicTensor;
  }

  bn(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
    return tf.layers
      .batchNormalization({ axis: 3, epsilon: BN_EPSILON, momentum: this.config.batchNormMomentum, name })
      .apply(x) as tf.SymbolicTensor;
  }

  relu(x: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
    return tf.layers.activation({ activation: 'relu', name }).apply(x) as tf.SymbolicTensor;
  }
}
