import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { tf } from '../tf';
import { MODEL_JSON_FILE, WEIGHTS_FILE, artifactsFromModelJson, modelJsonFor, saveResultFor, weightsBytes } from './model-json';
import { formatS3Uri, parseS3Uri, siblingKey, type S3Location } from './s3-model-uri';

/**
 * Saves a layers model as `<prefix>/model.json` + `<prefix>/weights.bin` in S3 and loads it back
 * (from `.../model.json` or its prefix). Weights are put first, so model.json never names weights
 * that are not there yet; each PUT is atomic in S3.
 */
export class S3ModelHandler implements tf.io.IOHandler {
  private readonly location: S3Location;

  constructor(
    private readonly client: () => S3Client,
    uri: string,
  ) {
    this.location = parseS3Uri(uri);
  }

  /** Puts weights.bin, then model.json, under the prefix. */
  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    const { bucket } = this.location;
    const modelKey = this.modelJsonKey();
    const weightsKey = siblingKey(modelKey, WEIGHTS_FILE);
    const client = this.client();
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: weightsKey, Body: weightsBytes(artifacts), ContentType: 'application/octet-stream' }),
    );
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: modelKey,
        Body: JSON.stringify(modelJsonFor(artifacts)),
        ContentType: 'application/json',
      }),
    );
    return saveResultFor(artifacts);
  }

  /** Gets model.json and the weight shards it names (keys relative to it). */
  async load(): Promise<tf.io.ModelArtifacts> {
    const { bucket } = this.location;
    const modelKey = this.modelJsonKey();
    const modelUri = formatS3Uri({ bucket, key: modelKey });
    const json = await this.get(modelKey);
    if (json === undefined) throw new Error(`model file ${modelUri} is missing`);
    return artifactsFromModelJson(new TextDecoder().decode(json), {
      modelJson: modelUri,
      describe: (shard) => formatS3Uri({ bucket, key: siblingKey(modelKey, shard) }),
      read: (shard) => this.get(siblingKey(modelKey, shard)),
    });
  }

  private modelJsonKey(): string {
    const { key } = this.location;
    if (key.endsWith('.json')) return key;
    return key === '' || key.endsWith('/') ? `${key}${MODEL_JSON_FILE}` : `${key}/${MODEL_JSON_FILE}`;
  }

  private async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client().send(new GetObjectCommand({ Bucket: this.location.bucket, Key: key }));
      if (!out.Body) return new Uint8Array(0);
      return await out.Body.transformToByteArray();
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound') return undefined;
      throw error;
    }
  }
}
