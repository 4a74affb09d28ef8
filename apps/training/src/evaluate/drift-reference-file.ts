import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDriftReference, DRIFT_REFERENCE_FILE, imageFeatures, type DriftReference } from '@triage/monitoring';

/**
 * Writes drift-reference.json into `out`: each test image's statistics, taken on the tensor the
 * model was given (what inference computes on a new image set), with the model's score of it. The
 * monitor compares every window of served images with it.
 */
export function writeDriftReference(
  out: string,
  images: Float32Array,
  valuesPerImage: number,
  scores: Float32Array,
  now = new Date(),
): DriftReference {
  if (images.length !== scores.length * valuesPerImage)
    throw new RangeError(`${images.length} values are not ${scores.length} images of ${valuesPerImage} values`);
  const rows = Array.from(scores, (score, i) => ({
    ...imageFeatures(images.subarray(i * valuesPerImage, (i + 1) * valuesPerImage)),
    score,
  }));
  const reference = buildDriftReference(rows, now);
  fs.writeFileSync(path.join(out, DRIFT_REFERENCE_FILE), `${JSON.stringify(reference)}\n`);
  return reference;
}
