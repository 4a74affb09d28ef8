import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDriftReference, type DriftRow } from '@triage/monitoring';
import { LocalObjectStore } from '@triage/pipeline';
import { objectStoreDriftReference } from './object-store-drift-reference';

const rows: DriftRow[] = Array.from({ length: 40 }, (_, i) => ({
  score: i / 40,
  inputMean: 0.4 + i / 400,
  inputStd: 0.2 + i / 800,
  inputP05: i / 1000,
  inputP50: 0.5 - i / 1000,
  inputP95: 0.9 + i / 1000,
}));

describe('objectStoreDriftReference', () => {
  let root: string;
  let store: LocalObjectStore;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drift-ref-'));
    store = new LocalObjectStore(root);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads drift-reference.json beside the evaluation; undefined when there is none; names the URI of a broken one', async () => {
    const reference = buildDriftReference(rows, new Date('2026-12-01T00:00:00Z'));
    await store.putObject('s3://artifacts/runs/1/evaluation/drift-reference.json', JSON.stringify(reference));
    await store.putObject('s3://artifacts/runs/3/evaluation/drift-reference.json', '{"format":');
    const read = objectStoreDriftReference(store);
    expect(await read('s3://artifacts/runs/1/evaluation/evaluation.json')).toEqual(reference);
    expect(await read('s3://artifacts/runs/2/evaluation/evaluation.json')).toBeUndefined();
    await expect(read('s3://artifacts/runs/3/evaluation/evaluation.json')).rejects.toThrow(
      's3://artifacts/runs/3/evaluation/drift-reference.json: not a drift reference',
    );
  });
});
