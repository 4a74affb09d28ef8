import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonString, readPart10, toDicomJson } from '@triage/dicom';
import { modelInput } from '@triage/inference';
import { readTensorDataset, type ModelArtifactMetadata } from '@triage/model';
import type { GeneratedInstance } from '@triage/sample-data';
import { snapshotHash, type DatasetSnapshot } from './dataset-snapshot';
import { patientSplit, splitKeyId, SPLITS } from './patient-split';
import type { SplitProvenance } from './split-writer';
import { runTrainingStep } from './test-support/run-training-step';
import { syntheticExport } from './test-support/synthetic-export';

// With this key the 12 generated patients fall 8/2/2 (patient-split.spec.ts proves the rule itself).
const SPLIT_KEY = 'training-spec-key-4';
const ARGS = ['--image-size', '32', '--augment-copies', '2', '--seed', 'spec'];

describe('preprocess, run as the container runs it', () => {
  let dir: string;
  let instances: GeneratedInstance[];
  const root = (name: string) => path.join(dir, name);
  const readSnapshot = (ml: string) =>
    JSON.parse(fs.readFileSync(path.join(ml, 'processing/output/snapshot/snapshot.json'), 'utf8')) as DatasetSnapshot;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'training-preprocess-'));
    ({ instances } = await syntheticExport({
      workDir: root('work'),
      destination: path.join(root('ml-1'), 'processing/input/dataset'),
      count: 12,
      seed: 'training-spec',
      size: 96,
    }));
    fs.cpSync(path.join(root('ml-1'), 'processing/input/dataset'), path.join(root('ml-2'), 'processing/input/dataset'), {
      recursive: true,
    });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the three splits by patient, augments train only, and records the snapshot', async () => {
    const run = await runTrainingStep('preprocess', ARGS, root('ml-1'), { TRIAGE_SPLIT_KEY: SPLIT_KEY });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.progress.filter((p) => p.phase === 'preprocess').map((p) => p.done)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => i + 1),
      12,
    ]);

    // The split each image must be in, computed here from the PatientID in the generated file.
    const expected = new Map(
      instances.map((g) => [g.sopInstanceUid, patientSplit(jsonString(toDicomJson(readPart10(g.bytes)), '00100020')!, SPLIT_KEY)]),
    );
    const snapshot = readSnapshot(root('ml-1'));
    const exportLines = fs
      .readFileSync(path.join(root('ml-1'), 'processing/input/dataset/labels.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { imageSetId: string; sopInstanceUid: string });
    const splitOfSet = new Map(exportLines.map((l) => [l.imageSetId, expected.get(l.sopInstanceUid)!]));
    expect(snapshot.items.map((i) => [i.imageSetId, i.split, i.patientKey])).toEqual(
      exportLines.map((l) => [l.imageSetId, splitOfSet.get(l.imageSetId)!.split, splitOfSet.get(l.imageSetId)!.patientKey]),
    );
    const label = new Map(instances.map((g) => [g.sopInstanceUid, g.label!]));
    expect(snapshot.counts).toEqual({
      train: { images: 8, augmented: 16, patients: 8, byClass: byClass(exportLines, splitOfSet, label, 'train') },
      validation: { images: 2, augmented: 0, patients: 2, byClass: byClass(exportLines, splitOfSet, label, 'validation') },
      test: { images: 2, augmented: 0, patients: 2, byClass: byClass(exportLines, splitOfSet, label, 'test') },
    });
    expect(snapshot.synthetic).toBe(true);
    expect(snapshot.skipped).toEqual([]);
    expect(snapshot.classes).toEqual(['normal', 'pneumonia']);
    expect(snapshot.parameters).toMatchObject({
      imageSize: 32,
      channels: 1,
      augmentCopies: 2,
      seed: 'spec',
      splitKeyId: splitKeyId(SPLIT_KEY),
    });
    expect(snapshot.items.every((i) => i.window === 'file' && i.labelVersion === 1)).toBe(true);
    expect(snapshotHash(snapshot)).toBe(snapshot.contentHash);
    // No PHI leaves preprocess: neither the PatientIDs nor the names are anywhere in what it wrote.
    const written = fs.readFileSync(path.join(root('ml-1'), 'processing/output/snapshot/snapshot.json'), 'utf8');
    expect(written).not.toMatch(/SYN-CX|SYNTHETIC\^/);

    for (const split of SPLITS) {
      const data = readTensorDataset(path.join(root('ml-1'), 'processing/output', split));
      expect(data.manifest.shape).toEqual([32, 32, 1]);
      const originals = data.manifest.items.filter((i) => i.augmentation === undefined);
      const copies = data.manifest.items.filter((i) => i.augmentation !== undefined);
      expect(originals.map((i) => i.imageSetId)).toEqual(snapshot.items.filter((i) => i.split === split).map((i) => i.imageSetId));
      expect(copies.length).toBe(split === 'train' ? 16 : 0);
      expect(copies.every((c) => originals.some((o) => o.imageSetId === c.imageSetId && o.label === c.label))).toBe(true);
      expect(data.manifest.items.every((i) => splitOfSet.get(i.imageSetId)!.split === split)).toBe(true);
      expect(Array.from(data.labels)).toEqual(
        data.manifest.items.map((i) =>
          label.get(exportLines.find((l) => l.imageSetId === i.imageSetId)!.sopInstanceUid) === 'pneumonia' ? 1 : 0,
        ),
      );
      expect(data.images.every((v) => v >= 0 && v <= 1)).toBe(true);
      const provenance = JSON.parse(
        fs.readFileSync(path.join(root('ml-1'), 'processing/output', split, 'provenance.json'), 'utf8'),
      ) as SplitProvenance;
      expect(provenance).toEqual({
        synthetic: true,
        syntheticItems: data.manifest.items.length,
        items: data.manifest.items.length,
        snapshotFile: 'snapshot/snapshot.json',
      });
    }
    const train = new Set(readTensorDataset(path.join(root('ml-1'), 'processing/output/train')).manifest.items.map((i) => i.patientKey));
    const test = readTensorDataset(path.join(root('ml-1'), 'processing/output/test')).manifest.items.map((i) => i.patientKey);
    expect(test.filter((k) => train.has(k))).toEqual([]);
  }, 120_000);

  // Scoring must feed a model what training fed it: @triage/inference's modelInput on each exported
  // file (HTJ2K, as the store keeps it) gives, value for value, the row Preprocess wrote for it.
  it("wrote for every image exactly what @triage/inference's modelInput gives for the same file", () => {
    const dataset = path.join(root('ml-1'), 'processing/input/dataset');
    const files = new Map(
      fs
        .readFileSync(path.join(dataset, 'labels.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { imageSetId: string; file: string; transferSyntaxUid: string })
        .map((l) => [l.imageSetId, l]),
    );
    const metadata: Pick<ModelArtifactMetadata, 'inputShape' | 'preprocessing'> = {
      inputShape: [32, 32, 1],
      preprocessing: { window: 'file', resize: 'area', normalise: 'unit' },
    };
    const compared: Array<[string, boolean]> = [];
    for (const split of SPLITS) {
      const data = readTensorDataset(path.join(root('ml-1'), 'processing/output', split));
      data.manifest.items.forEach((item, row) => {
        if (item.augmentation !== undefined) return;
        const file = files.get(item.imageSetId)!;
        const written = data.images.subarray(row * 32 * 32, (row + 1) * 32 * 32);
        const input = modelInput(fs.readFileSync(path.join(dataset, file.file)), metadata as ModelArtifactMetadata);
        compared.push([file.transferSyntaxUid, Buffer.from(input.buffer).equals(Buffer.from(written.slice().buffer))]);
      });
    }
    expect(compared).toEqual(new Array(12).fill(['1.2.840.10008.1.2.4.202', true]));
  });

  it('is deterministic: the same export and arguments (as arguments this time) give the same files and snapshot hash', async () => {
    const run = await runTrainingStep('preprocess', [...ARGS, '--split-key', SPLIT_KEY], root('ml-2'));
    expect(run.code).toBe(0);
    const first = readSnapshot(root('ml-1'));
    const second = readSnapshot(root('ml-2'));
    expect(second.contentHash).toBe(first.contentHash);
    expect(second.files).toEqual(first.files);
  }, 120_000);

  it('fails visibly, with the reason in /opt/ml/output/failure, on an unknown argument or without a split key', async () => {
    const typo = await runTrainingStep('preprocess', ['--image-sise', '32'], root('ml-3'), { TRIAGE_SPLIT_KEY: SPLIT_KEY });
    expect(typo.code).toBe(1);
    expect(fs.readFileSync(path.join(root('ml-3'), 'output/failure'), 'utf8')).toMatch(
      /^preprocess: unknown argument "--image-sise"; accepted: --architecture/,
    );
    const keyless = await runTrainingStep('preprocess', [], root('ml-4'), { TRIAGE_SPLIT_KEY: '' });
    expect(keyless.code).toBe(1);
    expect(fs.readFileSync(path.join(root('ml-4'), 'output/failure'), 'utf8')).toBe(
      'preprocess: a split key of at least 8 characters is required (--split-key or TRIAGE_SPLIT_KEY)\n',
    );
  }, 120_000);
});

function byClass(
  lines: Array<{ imageSetId: string; sopInstanceUid: string }>,
  splitOf: Map<string, { split: string }>,
  label: Map<string, string>,
  split: string,
): Record<string, number> {
  const counts: Record<string, number> = { normal: 0, pneumonia: 0 };
  for (const l of lines) if (splitOf.get(l.imageSetId)!.split === split) counts[label.get(l.sopInstanceUid)!]! += 1;
  return counts;
}
