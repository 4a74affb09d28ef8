import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCatalog } from '@triage/catalog';
import { decodeFrame } from '@triage/codec';
import { getFrame, readPart10, readPixelInfo, toDicomJson, type DatastoreId } from '@triage/dicom';
import { LocalHealthImaging } from '@triage/healthimaging';
import { generateChestStudies, generateCtSeries, type GeneratedInstance } from '@triage/sample-data';
import type { DatasetExportManifest, ExportedLabel } from './dataset-export-format';
import { contentHashOf, exportTrainingDataset } from './export-training-dataset';

const DR = { kind: 'clinician', principal: 'dr-a', role: 'clinician' } as const;
const IMPORT = { kind: 'import', source: 'labels.csv' } as const;
const HTJ2K = '1.2.840.10008.1.2.4.202';

describe('exportTrainingDataset from a real LocalCatalog and LocalHealthImaging', () => {
  let dir: string;
  let store: LocalHealthImaging;
  let catalog: LocalCatalog;
  let datastoreId: DatastoreId;
  const chests = [...generateChestStudies({ count: 6, seed: 'export-spec', size: 64 })];
  const ct = [...take(generateCtSeries({ seed: 'export-spec', slices: 50, rows: 64, columns: 64 }), 3)];
  const sets = new Map<GeneratedInstance, string>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dataset-export-'));
    store = await LocalHealthImaging.open({ dataDir: path.join(dir, 'store') });
    catalog = await LocalCatalog.open({ file: path.join(dir, 'catalog.db') });
    datastoreId = await store.ensureDatastore('export');
    for (const instance of [...chests, ...ct]) sets.set(instance, (await store.storeInstance(datastoreId, instance.bytes)).imageSetId);
    const label = async (instance: GeneratedInstance, finding: string, origin: typeof DR | typeof IMPORT, onInstance = false) =>
      catalog.setLabel({
        key: { datastoreId, imageSetId: sets.get(instance)!, ...(onInstance ? { sopInstanceUid: instance.sopInstanceUid } : {}) },
        studyInstanceUid: instance.studyInstanceUid,
        finding,
        origin,
      });
    // Chest 0-3 verified (3 corrected after an import), 4 imported only, 5 verified then deleted from the store.
    for (const i of [0, 1, 2]) await label(chests[i]!, chests[i]!.label!, DR);
    await label(chests[3]!, 'normal', IMPORT);
    await label(chests[3]!, 'pneumonia', DR);
    await label(chests[4]!, 'pneumonia', IMPORT);
    await label(chests[5]!, 'normal', DR);
    await store.deleteImageSet({ datastoreId, imageSetId: sets.get(chests[5]!)! });
    // The CT study: its image set label cannot say which slice; its instance label can.
    await label(ct[0]!, 'normal', DR);
    await label(ct[1]!, 'pneumonia', DR, true);
  });
  afterAll(async () => {
    await store.close();
    await catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const read = (out: string) => ({
    manifest: JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as DatasetExportManifest,
    labels: fs
      .readFileSync(path.join(out, 'labels.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ExportedLabel),
  });

  it('writes one line and one Part 10 file per exportable verified label, and says why the others were skipped', async () => {
    const out = path.join(dir, 'export-1');
    const returned = await exportTrainingDataset({ catalog, store, datastoreId, destination: out, pageSize: 2, now: () => new Date(0) });
    const { manifest, labels } = read(out);
    expect(manifest).toEqual(returned);
    const byInstance = new Map([...chests, ...ct].map((g) => [g.sopInstanceUid, g]));
    const expected = [
      [chests[0], 'image-set', chests[0]!.label, 1, 'confirmed'],
      [chests[1], 'image-set', chests[1]!.label, 1, 'confirmed'],
      [chests[2], 'image-set', chests[2]!.label, 1, 'confirmed'],
      [chests[3], 'image-set', 'pneumonia', 2, 'corrected'],
      [ct[1], 'instance', 'pneumonia', 1, 'confirmed'],
    ] as const;
    const rows = labels.map((l) => [byInstance.get(l.sopInstanceUid), l.labelledOn, l.finding, l.labelVersion, l.verification]);
    expect(new Set(rows.map((r) => JSON.stringify(r)))).toEqual(new Set(expected.map((r) => JSON.stringify(r))));
    for (const l of labels) {
      const generated = byInstance.get(l.sopInstanceUid)!;
      expect(l.imageSetId).toBe(sets.get(generated));
      expect(l.studyInstanceUid).toBe(generated.studyInstanceUid);
      expect(l.file).toBe(l.labelledOn === 'instance' ? `dicom/${l.imageSetId}/${l.sopInstanceUid}.dcm` : `dicom/${l.imageSetId}.dcm`);
      // The store's HTJ2K, exported as kept: decoding it gives the generator's pixels exactly.
      expect(l.transferSyntaxUid).toBe(HTJ2K);
      const file = readPart10(fs.readFileSync(path.join(out, l.file)));
      expect(file.transferSyntaxUid).toBe(HTJ2K);
      const info = readPixelInfo(file);
      const decoded = decodeFrame(file.transferSyntaxUid, getFrame(file, 0, info).bytes, info);
      const expectedPixels = generated.frame.pixels;
      expect(
        Buffer.from(decoded.pixels).equals(Buffer.from(expectedPixels.buffer, expectedPixels.byteOffset, expectedPixels.byteLength)),
      ).toBe(true);
      const json = toDicomJson(file);
      expect(json['00100020']?.Value?.[0]).toBe(toDicomJson(readPart10(generated.bytes))['00100020']?.Value?.[0]);
    }
    expect(manifest.counts).toEqual({ labels: 5, skipped: 2, byFinding: countFindings(labels) });
    expect(manifest.skipped.map((s) => [s.imageSetId, s.sopInstanceUid ?? null, s.labelVersion, s.reason]).sort()).toEqual(
      [
        [sets.get(chests[5]!), null, 1, 'the image set is no longer in the store'],
        [
          sets.get(ct[0]!),
          null,
          1,
          'the image set holds 3 images: label the instance to train on, so that the finding belongs to one image',
        ],
      ].sort(),
    );
    expect(manifest.findings).toEqual(['normal', 'pneumonia']);
    expect(manifest.exportedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(manifest.latestVerifiedAt).toBe(
      labels
        .map((l) => l.verifiedAt)
        .sort()
        .at(-1),
    );
    expect(manifest.contentHash).toBe(hashFolder(out));
  });

  it('gives the same content hash again, replaces the folder whole, and leaves nothing beside it', async () => {
    const out = path.join(dir, 'export-2');
    const first = await exportTrainingDataset({ catalog, store, datastoreId, destination: out });
    fs.writeFileSync(path.join(out, 'stale.txt'), 'from an older export');
    const second = await exportTrainingDataset({ catalog, store, datastoreId, destination: out, pageSize: 1 });
    expect(second.contentHash).toBe(first.contentHash);
    expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('export-2'))).toEqual(['export-2']);
  });

  it('builds in the scratch folder when given one (a local S3 root keeps it out of listings), creating the destination folder', async () => {
    const scratch = path.join(dir, 's3', '.tmp');
    fs.mkdirSync(scratch, { recursive: true });
    const out = path.join(dir, 's3', 'triage-datasets', 'exports', 'latest');
    const manifest = await exportTrainingDataset({ catalog, store, datastoreId, destination: out, scratchDir: scratch });
    expect(manifest.contentHash).toBe(hashFolder(out));
    expect(fs.readdirSync(path.join(dir, 's3', 'triage-datasets', 'exports'))).toEqual(['latest']);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it('since a time exports only labels verified after it', async () => {
    const before = read(path.join(dir, 'export-1')).manifest.latestVerifiedAt!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await catalog.setLabel({
      key: { datastoreId, imageSetId: sets.get(chests[4]!)! },
      studyInstanceUid: chests[4]!.studyInstanceUid,
      finding: chests[4]!.label!,
      origin: DR,
    });
    const out = path.join(dir, 'export-since');
    const manifest = await exportTrainingDataset({ catalog, store, datastoreId, destination: out, since: before });
    expect(read(out).labels.map((l) => [l.sopInstanceUid, l.labelVersion])).toEqual([[chests[4]!.sopInstanceUid, 2]]);
    expect(manifest.since).toBe(before);
    expect(fs.readdirSync(path.join(out, 'dicom'))).toEqual([`${sets.get(chests[4]!)}.dcm`]);
  });
});

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  for (const item of items) {
    yield item;
    if (--n === 0) return;
  }
}

function countFindings(labels: ExportedLabel[]): Record<string, number> {
  const counts: Record<string, number> = { normal: 0, pneumonia: 0 };
  for (const l of labels) counts[l.finding] = (counts[l.finding] ?? 0) + 1;
  return counts;
}

/** The content hash recomputed from the files on disk. */
function hashFolder(out: string): string {
  const hashes = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(out, rel), { withFileTypes: true })) {
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(file);
      else if (file !== 'manifest.json')
        hashes.set(
          file,
          createHash('sha256')
            .update(fs.readFileSync(path.join(out, file)))
            .digest('hex'),
        );
    }
  };
  walk('');
  return contentHashOf(hashes);
}
