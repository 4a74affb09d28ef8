import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@triage/platform';
import { tf } from '../tf';
import { MODEL_JSON_FILE, WEIGHTS_FILE, artifactsFromModelJson, modelJsonFor, saveResultFor, weightsBytes } from './model-json';

/** The URL scheme of {@link FileModelHandler}. */
export const FILE_SCHEME = 'file://';

/**
 * Saves a layers model as model.json + weights.bin in a folder, and loads it back (model.json given,
 * or its folder). Each file is written atomically (temporary file, fsync, rename), weights first,
 * so a reader never sees a half-written file.
 */
export class FileModelHandler implements tf.io.IOHandler {
  private readonly target: string;

  /** `url`: file:///abs/folder (save) or file:///abs/folder/model.json (load); file://relative/path and a plain path work too. */
  constructor(url: string) {
    this.target = filePath(url);
  }

  /** Writes weights.bin, then model.json, into the folder. */
  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    const folder = this.target.endsWith('.json') ? path.dirname(this.target) : this.target;
    const modelJsonPath = this.target.endsWith('.json') ? this.target : path.join(folder, MODEL_JSON_FILE);
    await writeFileAtomic(path.join(folder, WEIGHTS_FILE), weightsBytes(artifacts));
    await writeFileAtomic(modelJsonPath, JSON.stringify(modelJsonFor(artifacts)));
    return saveResultFor(artifacts);
  }

  /** Reads model.json and the weight shards it names (paths relative to it). */
  async load(): Promise<tf.io.ModelArtifacts> {
    const modelJsonPath = this.target.endsWith('.json') ? this.target : path.join(this.target, MODEL_JSON_FILE);
    const text = await fs.promises.readFile(modelJsonPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'ENOENT' ? `model file ${modelJsonPath} is missing` : `cannot read ${modelJsonPath}: ${error.message}`,
      );
    });
    const folder = path.dirname(modelJsonPath);
    return artifactsFromModelJson(text, {
      modelJson: modelJsonPath,
      describe: (shard) => path.join(folder, shard),
      read: async (shard) => {
        try {
          return await fs.promises.readFile(path.join(folder, shard));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
      },
    });
  }
}

/** A file URL's path: file:///abs as a URL (percent-decoded); file://relative as tfjs-node reads it, relative to the working folder. */
function filePath(url: string): string {
  if (!url.startsWith(FILE_SCHEME)) return url;
  const rest = url.slice(FILE_SCHEME.length);
  return rest.startsWith('/') ? fileURLToPath(url) : rest;
}
