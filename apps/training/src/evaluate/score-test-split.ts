import { tf, type TensorDataset } from '@triage/model';

/**
 * The positive class's probability for every row of a split, predicted in batches so that one
 * batch of tensors is alive at a time. A one-unit (sigmoid) head gives it directly; a softmax head
 * gives it in column `positiveClass`.
 */
export async function scoreTestSplit(
  model: tf.LayersModel,
  data: TensorDataset,
  batchSize: number,
  positiveClass: number,
): Promise<Float32Array> {
  const [h, w, c] = data.manifest.shape;
  const n = data.manifest.items.length;
  const row = h * w * c;
  const scores = new Float32Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const batch = tf.tensor4d(data.images.subarray(start * row, (start + count) * row), [count, h, w, c]);
    const out = model.predict(batch) as tf.Tensor;
    const values = await out.data();
    const units = out.shape[out.shape.length - 1] ?? 1;
    for (let i = 0; i < count; i++) scores[start + i] = units === 1 ? values[i] : values[i * units + positiveClass];
    tf.dispose([batch, out]);
  }
  return scores;
}
