import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IMAGES_FILE, MANIFEST_FILE, writeTensorDataset, type TensorDatasetItem } from '@triage/model';
import type { SplitName } from './patient-split';

/** provenance.json beside a split's tensors: what evaluate's report says of the data. */
export interface SplitProvenance {
  synthetic: boolean;
  syntheticItems: number;
  items: number;
  snapshotFile: 'snapshot/snapshot.json';
}
export const PROVENANCE_FILE = 'provenance.json';

/** Rows of one split, kept small (model-sized images only) and grown as they come. */
export class SplitWriter {
  private rows = new Float32Array(0);
  private count = 0;
  readonly items: TensorDatasetItem[] = [];
  private synthetic = 0;

  constructor(
    readonly split: SplitName,
    private readonly shape: [number, number, number],
  ) {}

  /** Appends one image (size x size grey) as a row, repeating the grey into every channel. */
  add(image: Float32Array, item: TensorDatasetItem, synthetic: boolean): void {
    const [h, w, c] = this.shape;
    const rowLength = h * w * c;
    if ((this.count + 1) * rowLength > this.rows.length) {
      const grown = new Float32Array(Math.max(rowLength * 16, this.rows.length * 2));
      grown.set(this.rows.subarray(0, this.count * rowLength));
      this.rows = grown;
    }
    const offset = this.count * rowLength;
    if (c === 1) this.rows.set(image, offset);
    else for (let i = 0; i < h * w; i++) for (let k = 0; k < c; k++) this.rows[offset + i * c + k] = image[i];
    this.items.push(item);
    if (synthetic) this.synthetic += 1;
    this.count += 1;
  }

  /** Writes the split (manifest.json, images.f32, provenance.json) into `dir`; returns each file's SHA-256 by `<split>/<file>`. */
  write(dir: string, classes: string[]): Record<string, string> {
    const [h, w, c] = this.shape;
    writeTensorDataset(
      dir,
      { format: 'triage-tensor-dataset/1', split: this.split, shape: this.shape, classes, items: this.items },
      this.rows.subarray(0, this.count * h * w * c),
    );
    const provenance: SplitProvenance = {
      synthetic: this.count > 0 && this.synthetic === this.count,
      syntheticItems: this.synthetic,
      items: this.count,
      snapshotFile: 'snapshot/snapshot.json',
    };
    fs.writeFileSync(path.join(dir, PROVENANCE_FILE), `${JSON.stringify(provenance, null, 1)}\n`);
    const hashes: Record<string, string> = {};
    for (const file of [MANIFEST_FILE, IMAGES_FILE, PROVENANCE_FILE])
      hashes[`${this.split}/${file}`] = createHash('sha256')
        .update(fs.readFileSync(path.join(dir, file)))
        .digest('hex');
    return hashes;
  }
}
