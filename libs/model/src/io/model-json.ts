import { tf } from '../tf';

import { MODEL_JSON_FILE, WEIGHTS_FILE } from '../artifact-files';

export { MODEL_JSON_FILE, WEIGHTS_FILE };

/** Where a store reads model.json's weight shards: by their path relative to model.json. */
export interface WeightsSource {
  /** The bytes of one shard, or undefined when it does not exist. */
  read(relativePath: string): Promise<Uint8Array | undefined>;
  /** How an error names that shard (a path or an s3:// URI). */
  describe(relativePath: string): string;
  /** How an error names model.json. */
  modelJson: string;
}

/** The one weights buffer of a save, whether tfjs hands over one ArrayBuffer or several. */
export function weightsBytes(artifacts: tf.io.ModelArtifacts): Uint8Array {
  if (artifacts.weightData === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
}

/** model.json for artifacts whose weights all go to one file, as tfjs-node writes it. */
export function modelJsonFor(artifacts: tf.io.ModelArtifacts): tf.io.ModelJSON {
  if (artifacts.modelTopology === undefined || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('only JSON model topologies (layers or graph models) can be saved as model.json');
  }
  const json: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig) json.trainingConfig = artifacts.trainingConfig;
  if (artifacts.signature) json.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.modelInitializer) json.modelInitializer = artifacts.modelInitializer;
  if (artifacts.initializerSignature) json.initializerSignature = artifacts.initializerSignature;
  return json;
}

/** What a save handler answers (sizes as tfjs reports them). */
export function saveResultFor(artifacts: tf.io.ModelArtifacts): tf.io.SaveResult {
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

/**
 * Model artifacts from model.json's text, its weight shards read from `source`: a missing shard or
 * one shorter or longer than the manifest says fails naming the file, before tfjs would misread it.
 */
export async function artifactsFromModelJson(text: string, source: WeightsSource): Promise<tf.io.ModelArtifacts> {
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(text) as tf.io.ModelJSON;
  } catch (error) {
    throw new Error(`${source.modelJson} is not valid JSON: ${(error as Error).message}`);
  }
  if (json.modelTopology === undefined) throw new Error(`${source.modelJson} has no modelTopology: not a tfjs model.json`);
  return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs: tf.io.WeightsManifestEntry[] = [];
    const buffers: Uint8Array[] = [];
    for (const group of manifest) {
      const shards: Uint8Array[] = [];
      for (const shard of group.paths) {
        const bytes = await source.read(shard);
        if (bytes === undefined) throw new Error(`weights file ${source.describe(shard)} named in ${source.modelJson} is missing`);
        shards.push(bytes);
      }
      const expected = groupByteLength(group.weights);
      const actual = shards.reduce((sum, bytes) => sum + bytes.byteLength, 0);
      if (expected !== undefined && actual !== expected) {
        const files = group.paths.map((shard) => source.describe(shard)).join(', ');
        const what = actual < expected ? 'truncated' : 'too long';
        throw new Error(`weights file ${files} is ${what}: ${actual} bytes where ${source.modelJson} describes ${expected}`);
      }
      specs.push(...group.weights);
      buffers.push(...shards);
    }
    return [specs, concatenate(buffers)];
  });
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** The bytes a group's weights take, or undefined when a string weight makes it unknowable from the manifest. */
function groupByteLength(weights: tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of weights) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_ELEMENT[dtype];
    if (size === undefined) return undefined;
    total += spec.shape.reduce((product, dim) => product * dim, 1) * size;
  }
  return total;
}

function concatenate(buffers: Uint8Array[]): ArrayBuffer {
  const total = buffers.reduce((sum, bytes) => sum + bytes.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const bytes of buffers) {
    out.set(bytes, offset);
    offset += bytes.byteLength;
  }
  return out.buffer;
}
