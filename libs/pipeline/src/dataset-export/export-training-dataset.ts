import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog, TrainingLabel } from '@triage/catalog';
import type { DatastoreId, ImageSetMetadata } from '@triage/dicom';
import { readImageSetMetadata, type HealthImaging } from '@triage/healthimaging';
import {
  EXPORT_DICOM_DIR,
  EXPORT_LABELS_FILE,
  EXPORT_MANIFEST_FILE,
  type DatasetExportManifest,
  type ExportedLabel,
  type SkippedLabel,
} from './dataset-export-format';
import { imageInstances, instancePart10, type InstanceInDocument } from './instance-part10';

/** Input of {@link exportTrainingDataset}. */
export interface ExportTrainingDatasetInput {
  catalog: Catalog;
  /** The store holding the pixels (the local one, or HealthImaging itself). */
  store: HealthImaging;
  datastoreId: DatastoreId;
  /** The export's folder: written whole beside it, then renamed into place (an existing one is replaced). */
  destination: string;
  /** ISO 8601, exclusive: only labels verified after it. */
  since?: string;
  /**
   * Where the export is built before the rename, on the same file system as `destination`
   * (default: beside it). Under a local S3 root, its `.tmp` keeps a half-built export out of listings.
   */
  scratchDir?: string;
  /** Catalog page size (default 100). */
  pageSize?: number;
  /** The clock of `exportedAt` (tests pin it). */
  now?: () => Date;
}

/**
 * Exports the verified labels of a datastore and the DICOM Part 10 file of each labelled image:
 * `labels.jsonl`, `dicom/...`, `manifest.json` (see {@link DatasetExportManifest}). One image is
 * in memory at a time. An image set label needs an image set holding exactly one image (a
 * radiograph study); a study of several images is trained on through instance labels, each
 * exported as its own file, and its image set label is skipped with the reason recorded.
 */
export async function exportTrainingDataset(input: ExportTrainingDatasetInput): Promise<DatasetExportManifest> {
  const destination = path.resolve(input.destination);
  const scratch = input.scratchDir ? path.resolve(input.scratchDir) : path.dirname(destination);
  const partial = path.join(scratch, `${path.basename(destination)}.partial-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(path.join(partial, EXPORT_DICOM_DIR), { recursive: true });
  try {
    const manifest = await writeExport(input, partial);
    fs.writeFileSync(path.join(partial, EXPORT_MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    replaceFolder(partial, destination, scratch);
    return manifest;
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

async function writeExport(input: ExportTrainingDatasetInput, dir: string): Promise<DatasetExportManifest> {
  const fileHashes = new Map<string, string>();
  const skipped: SkippedLabel[] = [];
  const byFinding: Record<string, number> = Object.fromEntries(input.catalog.findings.map((f) => [f, 0]));
  let latestVerifiedAt: string | undefined;
  let count = 0;
  const lines: string[] = [];
  let doc: ImageSetMetadata | undefined;
  let nextToken: string | undefined;
  do {
    const page = await input.catalog.trainingLabels({
      datastoreId: input.datastoreId,
      since: input.since,
      limit: input.pageSize,
      nextToken,
    });
    for (const label of page.labels) {
      // Pages are in image set order: an image set's labels (set and instances) share one document read.
      if (doc?.ImageSetID !== label.key.imageSetId) doc = await readDocument(input, label.key.imageSetId);
      const chosen = doc ? chooseInstance(doc, label) : { reason: 'the image set is no longer in the store' };
      if (!doc || 'reason' in chosen) {
        skipped.push({ ...skippedKey(label), reason: 'reason' in chosen ? chosen.reason : 'the image set is no longer in the store' });
        continue;
      }
      const file = label.key.sopInstanceUid
        ? `${EXPORT_DICOM_DIR}/${label.key.imageSetId}/${label.key.sopInstanceUid}.dcm`
        : `${EXPORT_DICOM_DIR}/${label.key.imageSetId}.dcm`;
      const { bytes, transferSyntaxUid } = await instancePart10(input.store, input.datastoreId, doc, chosen);
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), bytes);
      fileHashes.set(file, sha256(bytes));
      const line: ExportedLabel = {
        imageSetId: label.key.imageSetId,
        studyInstanceUid: label.studyInstanceUid,
        sopInstanceUid: chosen.sopInstanceUid,
        finding: label.finding,
        labelVersion: label.labelVersion,
        verifiedAt: label.verifiedAt,
        verification: label.verification,
        labelledOn: label.key.sopInstanceUid ? 'instance' : 'image-set',
        file,
        transferSyntaxUid,
      };
      lines.push(JSON.stringify(line));
      byFinding[label.finding] = (byFinding[label.finding] ?? 0) + 1;
      if (latestVerifiedAt === undefined || label.verifiedAt > latestVerifiedAt) latestVerifiedAt = label.verifiedAt;
      count += 1;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  const labelsText = lines.map((l) => `${l}\n`).join('');
  fs.writeFileSync(path.join(dir, EXPORT_LABELS_FILE), labelsText);
  fileHashes.set(EXPORT_LABELS_FILE, sha256(labelsText));
  const manifest: DatasetExportManifest = {
    format: 'triage-dataset-export/1',
    datastoreId: input.datastoreId,
    findings: [...input.catalog.findings],
    counts: { labels: count, skipped: skipped.length, byFinding },
    skipped,
    contentHash: contentHashOf(fileHashes),
    exportedAt: (input.now?.() ?? new Date()).toISOString(),
  };
  if (input.since !== undefined) manifest.since = input.since;
  if (latestVerifiedAt !== undefined) manifest.latestVerifiedAt = latestVerifiedAt;
  return manifest;
}

/** The hash of an export's content from each file's hash, by path (see DatasetExportManifest.contentHash). */
export function contentHashOf(fileHashes: ReadonlyMap<string, string>): string {
  const lines = [...fileHashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, hash]) => `${hash} ${file}\n`);
  return sha256(lines.join(''));
}

async function readDocument(input: ExportTrainingDatasetInput, imageSetId: string): Promise<ImageSetMetadata | undefined> {
  try {
    return await readImageSetMetadata(input.store, { datastoreId: input.datastoreId, imageSetId });
  } catch (error) {
    // A deleted image set keeps its labels (history is never lost) but has no pixels left to train on.
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

function chooseInstance(doc: ImageSetMetadata, label: TrainingLabel): InstanceInDocument | { reason: string } {
  const images = imageInstances(doc);
  const sop = label.key.sopInstanceUid;
  if (sop !== undefined)
    return images.find((i) => i.sopInstanceUid === sop) ?? { reason: `instance ${sop} is not an image of the image set` };
  const [only] = images;
  if (only && images.length === 1) return only;
  return {
    reason:
      images.length === 0
        ? 'the image set holds no image'
        : `the image set holds ${images.length} images: label the instance to train on, so that the finding belongs to one image`,
  };
}

function skippedKey(label: TrainingLabel): Omit<SkippedLabel, 'reason'> {
  const key: Omit<SkippedLabel, 'reason'> = { imageSetId: label.key.imageSetId, labelVersion: label.labelVersion };
  if (label.key.sopInstanceUid !== undefined) key.sopInstanceUid = label.key.sopInstanceUid;
  return key;
}

/** Moves the finished folder into place; an existing export is moved aside first and removed after. */
function replaceFolder(from: string, to: string, scratch: string): void {
  let aside: string | undefined;
  if (fs.existsSync(to)) {
    aside = path.join(scratch, `${path.basename(to)}.replaced-${randomBytes(6).toString('hex')}`);
    fs.renameSync(to, aside);
  }
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if (aside) fs.renameSync(aside, to);
    throw error;
  }
  if (aside) fs.rmSync(aside, { recursive: true, force: true });
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
