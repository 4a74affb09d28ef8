import { tf } from '../../tf';
import { selectBackend } from '../select-backend';
import { WASM_GRADIENT_KERNELS } from './register-wasm-gradient-kernels';

/** Max |wasm - cpu| over max |cpu|: the agreement every gradient must reach. */
const TOLERANCE = 1e-4;
const quiet = { log: () => undefined };

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

// Odd and even sizes, strides 1, 2 and 3, non-square filters and strides, every padding kind. dx goes through
// our kernel except for strided convs of under 4 input channels (the last two cases), which go to wasm's own.
const CONV_CASES: ConvCase[] = [
  { name: '3x3 s1 same', x: [2, 9, 7, 8], filter: [3, 3, 8, 4], strides: 1, pad: 'same' },
  { name: '3x3 s2 same, odd size', x: [2, 9, 7, 8], filter: [3, 3, 8, 4], strides: 2, pad: 'same' },
  { name: '3x3 s2 valid, a row unread', x: [2, 10, 9, 9], filter: [3, 3, 9, 5], strides: 2, pad: 'valid' },
  { name: '1x1 s1 (bottleneck)', x: [3, 6, 6, 8], filter: [1, 1, 8, 4], strides: 1, pad: 'valid' },
  { name: '1x1 s2 projection same', x: [2, 8, 8, 8], filter: [1, 1, 8, 6], strides: 2, pad: 'same' },
  { name: '1x1 s2 projection valid, odd', x: [2, 7, 7, 8], filter: [1, 1, 8, 6], strides: 2, pad: 'valid' },
  { name: '2x2 s2 same, even filter', x: [2, 10, 10, 8], filter: [2, 2, 8, 2], strides: 2, pad: 'same' },
  { name: '4x4 s3 valid', x: [2, 11, 10, 8], filter: [4, 4, 8, 2], strides: 3, pad: 'valid' },
  { name: '3x5 filter, [1,2] strides, same', x: [2, 9, 11, 8], filter: [3, 5, 8, 3], strides: [1, 2], pad: 'same' },
  {
    name: 'explicit pads [1,2]x[0,1], s2',
    x: [2, 8, 9, 8],
    filter: [3, 3, 8, 4],
    strides: 2,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { name: 'numeric pad 1, s1', x: [1, 6, 5, 10], filter: [3, 3, 10, 3], strides: 1, pad: 1 },
  { name: '3x3 s1 same, 1 channel', x: [2, 9, 8, 1], filter: [3, 3, 1, 4], strides: 1, pad: 'same' },
  { name: '3x3 s2 same, 4 channels', x: [2, 9, 8, 4], filter: [3, 3, 4, 4], strides: 2, pad: 'same' },
  { name: '7x7 s2 same (stem, 1 channel: native dx)', x: [2, 17, 16, 1], filter: [7, 7, 1, 8], strides: 2, pad: 'same' },
  { name: '3x3 s2 valid (3 channels: native dx)', x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
];

function seeded(shape: number[], seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array);
}

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
  }
  return diff / scale;
}

/** dx and dw of sum((conv2d(x, w) * r)) on the active backend (r makes dy non-uniform). */
function convGradients(c: ConvCase): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(seeded(c.x, 1), c.x);
    const w = tf.tensor4d(seeded(c.filter, 2), c.filter);
    const y = tf.conv2d(x, w, c.strides, c.pad as 'same');
    const r = tf.tensor(seeded(y.shape, 3), y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad as 'same')
        .mul(r)
        .sum(),
    )([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

/** A ResNet in miniature: 7x7/2 stem, batch norm, relu, max pool, a plain block, a downsampling block with a 1x1/2 projection, GAP, dense. */
function tinyResNet(outputs: number): tf.LayersModel {
  const conv = (filters: number, kernelSize: number, strides: number, padding: 'same' | 'valid' = 'same') =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding, useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: 5 }) });
  const bn = () => tf.layers.batchNormalization({ momentum: 0.9 });
  const relu = () => tf.layers.reLU();
  const input = tf.input({ shape: [23, 21, 1] });
  let x = relu().apply(bn().apply(conv(8, 7, 2).apply(input))) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  let y = relu().apply(bn().apply(conv(8, 3, 1).apply(x))) as tf.SymbolicTensor;
  y = bn().apply(conv(8, 3, 1).apply(y)) as tf.SymbolicTensor;
  x = relu().apply(tf.layers.add().apply([x, y])) as tf.SymbolicTensor;
  y = relu().apply(bn().apply(conv(12, 3, 2).apply(x))) as tf.SymbolicTensor;
  y = bn().apply(conv(12, 3, 1).apply(y)) as tf.SymbolicTensor;
  const shortcut = bn().apply(conv(12, 1, 2, 'valid').apply(x)) as tf.SymbolicTensor;
  x = relu().apply(tf.layers.add().apply([shortcut, y])) as tf.SymbolicTensor;
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ units: outputs, kernelInitializer: tf.initializers.glorotNormal({ seed: 6 }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits });
}

type Loss = 'softmax cross-entropy' | 'sigmoid cross-entropy';

/** The gradient of every trainable weight for one training-mode step, in weight order. */
function stepGradients(weights: Float32Array[], loss: Loss): Float32Array[] {
  const outputs = loss === 'softmax cross-entropy' ? 3 : 1;
  const model = tinyResNet(outputs);
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  return tf.tidy(() => {
    const x = tf.tensor4d(seeded([4, 23, 21, 1], 9), [4, 23, 21, 1]);
    const labels = loss === 'softmax cross-entropy' ? tf.oneHot([0, 2, 1, 2], 3).toFloat() : tf.tensor2d([[1], [0], [0], [1]]);
    const { grads } = tf.variableGrads(() => {
      const logits = model.apply(x, { training: true }) as tf.Tensor;
      return loss === 'softmax cross-entropy'
        ? tf.losses.softmaxCrossEntropy(labels, logits)
        : tf.losses.sigmoidCrossEntropy(labels, logits);
    });
    return model.trainableWeights.map((w) => grads[w.name].dataSync() as Float32Array);
  });
}

function backendDataIds(): number {
  return tf.engine().backend.numDataIds();
}

describe('wasm gradient kernels', () => {
  beforeAll(() => selectBackend({ backend: 'wasm', ...quiet }));

  it('are registered on wasm: Conv2DBackpropFilter (missing from tfjs 4.22), Conv2DBackpropInput and Tile (replacing slow ones)', () => {
    expect(WASM_GRADIENT_KERNELS.map((k) => k.kernelName)).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Tile']);
    for (const config of WASM_GRADIENT_KERNELS) expect(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc).toBe(config.kernelFunc);
  });

  it('compute conv2d gradients that agree with the cpu backend (max abs diff / max abs value <= 1e-4), leaking no wasm memory', async () => {
    const outcomes: [string, boolean, boolean][] = [];
    for (const c of CONV_CASES) {
      await selectBackend({ backend: 'cpu', ...quiet });
      const expected = convGradients(c);
      await selectBackend({ backend: 'wasm', ...quiet });
      const before = backendDataIds();
      const actual = convGradients(c);
      expect(backendDataIds()).toBe(before);
      outcomes.push([c.name, relativeError(actual.dx, expected.dx) <= TOLERANCE, relativeError(actual.dw, expected.dw) <= TOLERANCE]);
    }
    expect(outcomes).toEqual(CONV_CASES.map((c) => [c.name, true, true]));
  });

  it('tiles exactly as the cpu backend does (batch norm grad: [1,1,1,C] to [N,H,W,C]; any axes; int32 and bool)', async () => {
    const cases: [number[], number[], tf.DataType][] = [
      [[1, 1, 1, 5], [3, 4, 2, 1], 'float32'],
      [[2, 3], [2, 3], 'float32'],
      [[2, 1, 3], [1, 5, 1], 'int32'],
      [[4], [3], 'bool'],
      [[2, 2, 2], [1, 1, 1], 'float32'],
      [[3, 2, 1, 2], [2, 1, 3, 2], 'float32'],
    ];
    const tiled = async (backend: 'cpu' | 'wasm') => {
      await selectBackend({ backend, ...quiet });
      const before = backendDataIds();
      const results = cases.map(([shape, reps, dtype]) =>
        tf.tidy(() => {
          const size = shape.reduce((a, b) => a * b, 1);
          const x = tf.tensor(
            Array.from({ length: size }, (_, i) => (dtype === 'bool' ? i % 2 : i + 1)),
            shape,
            dtype,
          );
          return Array.from(tf.tile(x, reps).dataSync());
        }),
      );
      expect(backendDataIds()).toBe(before);
      return results;
    };
    expect(await tiled('wasm')).toEqual(await tiled('cpu'));
  });

  it.each<Loss>(['softmax cross-entropy', 'sigmoid cross-entropy'])(
    'give a small ResNet step (%s) the cpu backend gradients for every weight, within 1e-4',
    async (loss) => {
      await selectBackend({ backend: 'cpu', ...quiet });
      const initial = tinyResNet(loss === 'softmax cross-entropy' ? 3 : 1);
      const weights = initial.getWeights().map((w) => w.dataSync() as Float32Array);
      const names = initial.trainableWeights.map((w) => w.originalName);
      const expected = stepGradients(weights, loss);
      await selectBackend({ backend: 'wasm', ...quiet });
      const actual = stepGradients(weights, loss);
      const outcomes = names.map((name, i) => [name, relativeError(actual[i], expected[i]) <= TOLERANCE]);
      expect(outcomes).toEqual(names.map((name) => [name, true]));
    },
  );
});
