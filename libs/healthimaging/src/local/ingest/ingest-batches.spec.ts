import type { IngestBatchId } from '../../dicom-store';
import { syntheticPart10 } from '@triage/test-support';
import { readMetadata } from '../test-support/read-metadata';
import { tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.930';
const SERIES = `${STUDY}.1`;
const instance = (n: number) =>
  syntheticPart10({ study: STUDY, series: SERIES, sop: `${SERIES}.${n}`, instanceNumber: n, rows: 4, columns: 4, seed: n });
const A = 'batch-a' as IngestBatchId;
const B = 'batch-b' as IngestBatchId;

describe('one image-set version per ingest batch', () => {
  it('makes one version of 600 instances stored one per call with one batch id', async () => {
    const env = await tempStore({ transcode: 'paused' });
    try {
      const ds = await env.store.ensureDatastore('batches');
      let imageSetId = '';
      for (let n = 1; n <= 600; n++) imageSetId = (await env.store.storeInstance(ds, instance(n), { batch: A })).imageSetId;
      const versions = await env.store.listImageSetVersions({ datastoreId: ds, imageSetId });
      expect(versions.imageSetPropertiesList?.map((v) => v.versionId)).toEqual(['1']);
      expect(await env.store.locateInstances(ds, STUDY)).toHaveLength(600);
    } finally {
      await env.dispose();
    }
  });

  it("extends the batch's version and its document: the cached document of the version is replaced", async () => {
    const env = await tempStore({ transcode: 'before-ack' });
    try {
      const ds = await env.store.ensureDatastore('batches');
      const count = async (imageSetId: string) =>
        Object.keys((await readMetadata(env.store, ds, imageSetId, '1')).Study.Series[SERIES].Instances).length;
      const { imageSetId } = await env.store.storeInstance(ds, instance(1), { batch: A });
      expect(await count(imageSetId)).toBe(1);
      await env.store.storeInstance(ds, instance(2), { batch: A });
      expect(await count(imageSetId)).toBe(2);
    } finally {
      await env.dispose();
    }
  });

  it.each([
    ['one batch', [A, A, A, A], ['1']],
    ['two batches interleaved', [A, B, A, B], ['4', '3', '2', '1']],
    ['two batches one after the other', [A, A, B, B], ['2', '1']],
    ['no batch', [undefined, undefined, undefined, undefined], ['4', '3', '2', '1']],
    ['a batch after instances without one', [undefined, A, A, undefined], ['3', '2', '1']],
  ])('%s: versions as the table says, each holding what was stored until then', async (_, batches, expected) => {
    const env = await tempStore({ transcode: 'paused' });
    try {
      const ds = await env.store.ensureDatastore('batches');
      let imageSetId = '';
      const seen: number[] = [];
      for (const [i, batch] of batches.entries()) {
        imageSetId = (await env.store.storeInstance(ds, instance(i + 1), { batch })).imageSetId;
        const set = await env.store.getImageSet({ datastoreId: ds, imageSetId });
        seen.push(set.updatedAt?.getTime() ?? 0);
      }
      const versions = await env.store.listImageSetVersions({ datastoreId: ds, imageSetId });
      expect(versions.imageSetPropertiesList?.map((v) => v.versionId)).toEqual(expected);
      // updatedAt strictly increases with every commit, extended versions included.
      expect(seen.every((t, i) => i === 0 || t > seen[i - 1])).toBe(true);
    } finally {
      await env.dispose();
    }
  });
});
