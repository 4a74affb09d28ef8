import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodecPool } from '@triage/codec';
import { LocalHealthImaging } from '@triage/healthimaging';
import { createLogger } from '@triage/platform';
import { isEmptyDataDir, readSampleState, writeSampleState } from './sample-state';
import { seedSamples } from './seed-samples';
import type { SampleSet } from './seed-samples';

const SMALL: SampleSet = { chestStudies: 2, ctSlices: 50, seed: 'seed-test', chestSize: 64, ctSize: 64 };

describe('sample studies', () => {
  let dir: string;
  let codecPool: CodecPool;
  let store: LocalHealthImaging;
  const log = createLogger({ level: 'silent' });
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-seed-'));
    codecPool = new CodecPool({ size: 1 });
    store = await LocalHealthImaging.open({ dataDir: path.join(dir, 'healthimaging'), codecPool });
  });
  afterAll(async () => {
    await store.close();
    await codecPool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records the state atomically; an empty or missing directory is a first start', () => {
    const fresh = path.join(dir, 'fresh');
    expect(isEmptyDataDir(fresh)).toBe(true);
    expect(readSampleState(fresh)).toBeUndefined();
    writeSampleState(fresh, 'pending');
    expect(isEmptyDataDir(fresh)).toBe(false);
    expect(readSampleState(fresh)).toBe('pending');
    writeSampleState(fresh, 'done');
    expect(readSampleState(fresh)).toBe('done');
    expect(fs.readdirSync(fresh)).toEqual(['samples.json']);
  });

  it('stops when aborted, and a later run stores the rest without duplicating anything', async () => {
    const datastoreId = await store.ensureDatastore('samples');
    const aborted = new AbortController();
    aborted.abort();
    expect(await seedSamples(store, datastoreId, log, aborted.signal, SMALL)).toBe(false);
    expect(await seedSamples(store, datastoreId, log, new AbortController().signal, SMALL)).toBe(true);
    expect(await seedSamples(store, datastoreId, log, new AbortController().signal, SMALL)).toBe(true);
    const studies = await store.qido(datastoreId, { level: 'studies', match: {}, includeField: [], limit: 100, offset: 0 });
    expect(studies).toHaveLength(3);
    const instances = await store.qido(datastoreId, { level: 'instances', match: {}, includeField: [], limit: 1000, offset: 0 });
    expect(instances).toHaveLength(SMALL.chestStudies + SMALL.ctSlices);
  });
});
