import * as path from 'node:path';
import type { DatastoreId, ImageFrameId, ImageSetId } from '@triage/dicom';
import { RESOURCE_ID_PATTERN } from '../../resource-ids';

/**
 * How a frame file holds its pixels: an HTJ2K lossless codestream, native little-endian pixel data
 * (Explicit VR Little Endian), or the frame as received, awaiting transcoding (its transfer syntax
 * in the frame's index row).
 */
export type FrameForm = 'htj2k' | 'native' | 'original';

/**
 * Where everything lives under the data directory. Every id is checked against the strict id
 * pattern here again, so no caller can build a path from an unchecked value.
 */
export class DataLayout {
  constructor(readonly root: string) {}

  /** The SQLite index. */
  get indexFile(): string {
    return path.join(this.root, 'index.sqlite');
  }

  /** Temporary files: written, fsynced, then renamed into place; whatever is left here at open is debris. */
  get tmpDir(): string {
    return path.join(this.root, 'tmp');
  }

  /** One datastore's folder. */
  datastoreDir(datastoreId: DatastoreId): string {
    return path.join(this.root, 'datastores', safe(datastoreId));
  }

  /**
   * A frame file: frames/<first two hex>/<frameId>.jph (HTJ2K), .raw (native pixels) or .orig (as
   * received), so a file says what it holds and a frame's original and final files never collide.
   */
  frameFile(datastoreId: DatastoreId, frameId: ImageFrameId, form: FrameForm = 'htj2k'): string {
    return path.join(this.datastoreDir(datastoreId), 'frames', safe(frameId).slice(0, 2), `${frameId}.${EXTENSIONS[form]}`);
  }

  /** The folder of one image set's metadata documents. */
  imageSetDir(datastoreId: DatastoreId, imageSetId: ImageSetId): string {
    return path.join(this.datastoreDir(datastoreId), 'imagesets', safe(imageSetId).slice(0, 2), imageSetId);
  }

  /** The materialised (cached) metadata document of one version; derivable from the index. */
  versionCacheFile(datastoreId: DatastoreId, imageSetId: ImageSetId, versionId: number): string {
    return path.join(this.imageSetDir(datastoreId, imageSetId), `v${integer(versionId)}.json.gz`);
  }

  /** An explicit snapshot (update, revert); its random token keeps a file from an uncommitted attempt from ever being taken for a committed one. */
  snapshotFile(datastoreId: DatastoreId, imageSetId: ImageSetId, name: string): string {
    if (!/^s[0-9]+-[0-9a-f]{32}\.json\.gz$/.test(name)) throw new Error(`bad snapshot file name ${name}`);
    return path.join(this.imageSetDir(datastoreId, imageSetId), name);
  }
}

const EXTENSIONS: Record<FrameForm, string> = { htj2k: 'jph', native: 'raw', original: 'orig' };

function safe(id: string): string {
  if (!RESOURCE_ID_PATTERN.test(id)) throw new Error(`refusing to build a path from id '${id}'`);
  return id;
}

function integer(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`refusing to build a path from version '${n}'`);
  return n;
}
