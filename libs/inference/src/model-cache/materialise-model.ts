import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_ARTIFACT_METADATA_FILE, MODEL_JSON_FILE } from '@triage/model/artifact-files';
import { unpackTarGzInto } from './read-tar-gz';

// An archive's content hash, by path, size and mtime: a registry hands the same model.tar.gz over
// and over, and re-hashing a ResNet-50's 100 MB on every score would cost more than the score.
const hashes = new Map<string, string>();

/**
 * A model folder ready to load from `modelDataPath`: a folder is checked and returned as it is; a
 * model.tar.gz is unpacked into `cacheDir/<sha256 of its bytes>/` once (into a temporary folder
 * renamed into place, so concurrent callers, threads or processes, each see a whole folder or none)
 * and that folder returned.
 */
export async function materialiseModel(modelDataPath: string, cacheDir: string): Promise<string> {
  const source = path.resolve(modelDataPath);
  const stat = await fs.promises.stat(source).catch(() => undefined);
  if (!stat) throw new Error(`${modelDataPath}: no such model folder or archive`);
  if (stat.isDirectory()) return checkModelFolder(source, modelDataPath);
  const memo = `${source}\0${stat.size}\0${stat.mtimeMs}`;
  const hash = hashes.get(memo) ?? (await sha256File(source));
  hashes.set(memo, hash);
  const target = path.join(path.resolve(cacheDir), hash);
  if (fs.existsSync(target)) return target;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await unpackTarGzInto(source, temp);
    checkModelFolder(temp, modelDataPath);
    await fs.promises.rename(temp, target);
  } catch (error) {
    await fs.promises.rm(temp, { recursive: true, force: true });
    // Another caller renamed the same content into place first: theirs is as good as ours.
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && fs.existsSync(target)) return target;
    throw error;
  }
  return target;
}

function checkModelFolder(dir: string, named: string): string {
  const missing = [MODEL_JSON_FILE, MODEL_ARTIFACT_METADATA_FILE].filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length) throw new Error(`${named}: not a model (no ${missing.join(' and no ')})`);
  return dir;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
