import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A split of preprocessed images as the pipeline's steps hand it on: `manifest.json` (what each row
 * is) and `images.f32` (the rows, float32 little-endian, N x H x W x C, normalised). A plain file
 * pair rather than TFRecord or npy: every step reads it without a parser, on every backend.
 */
export interface TensorDatasetManifest {
  format: 'triage-tensor-dataset/1';
  /** `train`, `validation` or `test`. */
  split: string;
  /** [height, width, channels] of one image. */
  shape: [number, number, number];
  /** Class names in index order (the configured findings). */
  classes: string[];
  /** One entry per row of images.f32, in order. */
  items: TensorDatasetItem[];
}

/** What one row is and where it came from (never PHI: image set ids and hashed patient keys only). */
export interface TensorDatasetItem {
  imageSetId: string;
  /** The label version trained on (lineage). */
  labelVersion: number;
  /** Index into `classes`. */
  label: number;
  /** Keyed hash of the PatientID the split was drawn from. */
  patientKey: string;
  /** Set on augmented copies: the transform applied (training split only). */
  augmentation?: string;
}

/** A split loaded into memory. */
export interface TensorDataset {
  manifest: TensorDatasetManifest;
  /** N x H x W x C values. */
  images: Float32Array;
  /** N class indices. */
  labels: Int32Array;
}

export const MANIFEST_FILE = 'manifest.json';
export const IMAGES_FILE = 'images.f32';

/** Writes a split into `dir` (created); the images are streamed so a large split never sits in one buffer twice. */
export function writeTensorDataset(dir: string, manifest: TensorDatasetManifest, images: Float32Array): void {
  const [h, w, c] = manifest.shape;
  if (images.length !== manifest.items.length * h * w * c) {
    throw new RangeError(
      `images hold ${images.length} values, ${manifest.items.length} items of ${h}x${w}x${c} need ${manifest.items.length * h * w * c}`,
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, IMAGES_FILE), Buffer.from(images.buffer, images.byteOffset, images.byteLength));
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
}

/** Reads a split written by {@link writeTensorDataset}; a size that disagrees with the manifest is an error naming both. */
export function readTensorDataset(dir: string): TensorDataset {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as TensorDatasetManifest;
  if (manifest.format !== 'triage-tensor-dataset/1')
    throw new Error(`${dir}: not a triage tensor dataset (format ${String(manifest.format)})`);
  const bytes = fs.readFileSync(path.join(dir, IMAGES_FILE));
  const [h, w, c] = manifest.shape;
  const expected = manifest.items.length * h * w * c * 4;
  if (bytes.byteLength !== expected)
    throw new Error(`${dir}/${IMAGES_FILE}: ${bytes.byteLength} bytes, the manifest's ${manifest.items.length} items need ${expected}`);
  const images = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const labels = Int32Array.from(manifest.items, (item) => item.label);
  return { manifest, images, labels };
}
