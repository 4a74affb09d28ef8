import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ObjectStore } from '@triage/artifacts';
import { materialiseModel } from './materialise-model';

/** Unpacks a version's model.tar.gz and answers the folder its model.json is in (the mlops image-ingestion handler's materialiser). */
export type ObjectModelMaterialiser = (modelDataUrl: string) => Promise<string>;

/**
 * Unpacks a version's model.tar.gz from the object store into `cacheDir`. A model URI names immutable bytes (a new
 * version is a new object), so each is fetched once per container; unpacking is cached by content hash besides.
 */
export function objectMaterialiser(objects: ObjectStore, cacheDir: string): ObjectModelMaterialiser {
  const fetched = new Map<string, Promise<string>>();
  return (modelDataUrl) => {
    let folder = fetched.get(modelDataUrl);
    if (!folder) {
      folder = fetchAndUnpack(objects, modelDataUrl, cacheDir);
      fetched.set(modelDataUrl, folder);
      folder.catch(() => fetched.delete(modelDataUrl));
    }
    return folder;
  };
}

async function fetchAndUnpack(objects: ObjectStore, modelDataUrl: string, cacheDir: string): Promise<string> {
  const downloads = path.join(cacheDir, 'downloads', createHash('sha256').update(modelDataUrl).digest('hex').slice(0, 16));
  await fs.promises.rm(downloads, { recursive: true, force: true });
  await objects.copyIn(modelDataUrl, downloads);
  try {
    return await materialiseModel(path.join(downloads, path.posix.basename(modelDataUrl)), cacheDir);
  } finally {
    await fs.promises.rm(downloads, { recursive: true, force: true });
  }
}
