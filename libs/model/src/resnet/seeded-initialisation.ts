import { tf } from '../tf';
import { seededRandom } from '../training/seeded-random';

/**
 * Draws every convolution kernel (He normal, truncated at two deviations, as Keras's VarianceScaling
 * draws it) and the classifier's kernel (Glorot uniform) from one seeded stream, layer by layer in
 * order. tfjs's own seeded initialisers take 75 s for ResNet-50's 23.5M weights on this machine;
 * this takes well under a second, with the same distributions.
 */
export function initialiseWeights(model: tf.LayersModel, seed: number): void {
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className !== 'Conv2D' && className !== 'Dense') continue;
    // getWeights hands out the variables themselves: never dispose them.
    const [kernel, ...rest] = layer.getWeights();
    const random = seededRandom(`${seed}/${layer.name}`);
    const values = new Float32Array(kernel.size);
    const shape = kernel.shape;
    const [d0 = 1, d1 = 1, d2 = 1] = shape;
    if (className === 'Conv2D') {
      const fanIn = d0 * d1 * d2;
      // 0.8796... is the deviation of a unit normal truncated at +-2 (Keras's correction).
      const std = Math.sqrt(2 / fanIn) / 0.87962566103423978;
      for (let i = 0; i < values.length; i++) values[i] = truncatedNormal(random) * std;
    } else {
      const limit = Math.sqrt(6 / (d0 + d1));
      for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * limit;
    }
    const drawn = tf.tensor(values, shape);
    layer.setWeights([drawn, ...rest]);
    drawn.dispose();
  }
}

/** A unit normal draw (Box-Muller) redrawn until within two deviations. */
function truncatedNormal(random: () => number): number {
  for (;;) {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    if (Math.abs(z) <= 2) return z;
  }
}
