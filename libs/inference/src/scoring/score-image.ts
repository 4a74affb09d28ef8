import { tf, type ModelArtifactMetadata } from '@triage/model';
import { imageFeatures } from '@triage/monitoring';
import { readDisplayImage, toModelInput } from '../input/model-input';
import type { ImageScore } from '../scoring-model';

/** Decodes, prepares and scores one Part 10 image with a loaded model (on the calling thread: workers call it). */
export function scoreImage(model: tf.LayersModel, metadata: ModelArtifactMetadata, part10: Uint8Array, source?: string): ImageScore {
  const started = performance.now();
  const image = readDisplayImage(part10, metadata, source);
  const decoded = performance.now();
  const input = toModelInput(image, metadata);
  const prepared = performance.now();
  const output = tf.tidy(() => (model.predict(tf.tensor4d(input, [1, ...metadata.inputShape])) as tf.Tensor).dataSync() as Float32Array);
  const predicted = performance.now();
  const scores = classScores(output, metadata);
  const positiveScore = scores[metadata.classes[metadata.positiveClass]];
  const finding = metadata.classes.reduce((best, c) => (scores[c] > scores[best] ? c : best), metadata.classes[0]);
  return {
    scores,
    positiveScore,
    finding,
    features: imageFeatures(input),
    timings: { decodeMs: decoded - started, inputMs: prepared - decoded, predictMs: predicted - prepared, totalMs: predicted - started },
  };
}

/** A one-unit sigmoid head gives the positive class's probability (the others 1 - p); a softmax head one column per class. */
function classScores(output: Float32Array, metadata: ModelArtifactMetadata): Record<string, number> {
  const { classes, positiveClass } = metadata;
  if (output.length === 1) return Object.fromEntries(classes.map((c, i) => [c, i === positiveClass ? output[0] : 1 - output[0]]));
  if (output.length !== classes.length) throw new Error(`the model gives ${output.length} outputs for ${classes.length} classes`);
  return Object.fromEntries(classes.map((c, i) => [c, output[i]]));
}
