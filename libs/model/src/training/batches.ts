import { tf } from '../tf';

/** Images and labels in memory, as `readTensorDataset` gives them. */
export interface ImageSet {
  images: Float32Array;
  labels: Int32Array;
  /** [height, width, channels] of one image. */
  shape: [number, number, number];
}

/** The number of items of a set. */
export function sizeOf(set: ImageSet): number {
  return set.labels.length;
}

/** The rows `indices` of a set as an image batch and a target batch for the model's head (one sigmoid unit, or one-hot). */
export function gatherBatch(set: ImageSet, indices: ArrayLike<number>, outputUnits: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const [h, w, c] = set.shape;
  const row = h * w * c;
  const x = new Float32Array(indices.length * row);
  const y = new Float32Array(indices.length * outputUnits);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i];
    x.set(set.images.subarray(k * row, (k + 1) * row), i * row);
    if (outputUnits === 1) y[i] = set.labels[k];
    else y[i * outputUnits + set.labels[k]] = 1;
  }
  return { x: tf.tensor4d(x, [indices.length, h, w, c]), y: tf.tensor2d(y, [indices.length, outputUnits]) };
}

/** Mean loss of a batch for the model's head: binary cross-entropy on one sigmoid unit, categorical on a softmax. */
export function batchLoss(y: tf.Tensor2D, predictions: tf.Tensor2D): tf.Scalar {
  return (
    y.shape[1] === 1 ? tf.metrics.binaryCrossentropy(y, predictions) : tf.metrics.categoricalCrossentropy(y, predictions)
  ).mean() as tf.Scalar;
}

/** How many predictions of a batch are right (threshold 0.5 on a sigmoid, argmax on a softmax). */
export function batchCorrect(y: tf.Tensor2D, predictions: tf.Tensor2D): tf.Scalar {
  if (y.shape[1] === 1) return predictions.greaterEqual(0.5).cast('float32').equal(y).sum() as tf.Scalar;
  return predictions.argMax(1).equal(y.argMax(1)).sum() as tf.Scalar;
}
