import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MODEL_JSON_FILE } from '../io/model-json';
import { registerModelIo } from '../io/register-model-io';
import { FILE_SCHEME } from '../io/file-model-handler';
import { S3_SCHEME, parseS3Uri, siblingKey } from '../io/s3-model-uri';
import { MODEL_ARTIFACT_METADATA_FILE, type ModelArtifactMetadata } from '../model-artifact';
import { tf } from '../tf';

/** A trained model with what a scorer needs to use it as trained. */
export interface TriageModel {
  model: tf.LayersModel;
  metadata: ModelArtifactMetadata;
}

/**
 * Loads a model folder as train writes it (model.json, weights, triage-model.json): a local path,
 * a file:// URL or an s3:// prefix (`s3` is the client for the metadata; default the SDK's chain).
 */
export async function loadTriageModel(dirOrUri: string, options: { s3?: S3Client } = {}): Promise<TriageModel> {
  registerModelIo(options.s3 ? { s3: options.s3 } : {});
  const base = dirOrUri.replace(/\/+$/, '').replace(new RegExp(`/${MODEL_JSON_FILE}$`), '');
  let metadataText: string;
  let modelUrl: string;
  if (base.startsWith(S3_SCHEME)) {
    const { bucket, key } = parseS3Uri(`${base}/${MODEL_JSON_FILE}`);
    const client = options.s3 ?? new S3Client({});
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: siblingKey(key, MODEL_ARTIFACT_METADATA_FILE) }));
    metadataText = (await answer.Body?.transformToString('utf8')) ?? '';
    modelUrl = `${base}/${MODEL_JSON_FILE}`;
  } else {
    const dir = path.resolve(base.startsWith(FILE_SCHEME) ? base.slice(FILE_SCHEME.length) : base);
    metadataText = fs.readFileSync(path.join(dir, MODEL_ARTIFACT_METADATA_FILE), 'utf8');
    modelUrl = `${FILE_SCHEME}${path.join(dir, MODEL_JSON_FILE)}`;
  }
  const metadata = JSON.parse(metadataText) as ModelArtifactMetadata;
  if (metadata.format !== 'triage-model/1')
    throw new Error(`${dirOrUri}: ${MODEL_ARTIFACT_METADATA_FILE} is not triage-model/1 (format ${String(metadata.format)})`);
  const model = await tf.loadLayersModel(modelUrl);
  return { model, metadata };
}

/**
 * The positive class's probability for each image (N x H x W x C values), `batchSize` images at a
 * time so memory stays flat however many there are. A sigmoid head's output is that probability;
 * a softmax head's column `positiveClass` is.
 */
export function predictScores(model: tf.LayersModel, images: Float32Array, batchSize = 32, positiveClass = 1): Float32Array {
  const [, h, w, c] = model.inputs[0].shape as number[];
  const row = h * w * c;
  if (images.length % row) throw new RangeError(`${images.length} values are not whole ${h}x${w}x${c} images`);
  const n = images.length / row;
  const scores = new Float32Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const batch = tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(start * row, (start + count) * row), [count, h, w, c]);
      const out = model.predict(x) as tf.Tensor2D;
      return out.shape[1] === 1 ? out.reshape([count]) : out.slice([0, positiveClass], [count, 1]).reshape([count]);
    });
    scores.set(batch.dataSync() as Float32Array, start);
    batch.dispose();
  }
  return scores;
}
