import * as fs from 'node:fs';
import * as path from 'node:path';
import { syntheticPart10 } from '@triage/test-support';
import { tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.940';
const instance = (n: number) =>
  syntheticPart10({ study: STUDY, series: `${STUDY}.1`, sop: `${STUDY}.1.${n}`, seed: n, rows: 16, columns: 16 });

describe('the transcoding backlog when the store closes or an image set goes', () => {
  it('waits for the frame in progress only; the next open resumes the rest', async () => {
    const first = await tempStore({ transcode: 'paused' });
    const ds = await first.store.ensureDatastore('close');
    for (let n = 1; n <= 6; n++) await first.store.storeInstance(ds, instance(n));
    const pending = [first.store.pendingTranscodes()];
    // Without a pool one frame is on the codec at a time: resuming starts exactly one before close stops the queue.
    first.store.resumeTranscoding();
    await first.store.close();

    const again = await tempStore({ dataDir: first.dataDir, transcode: 'paused' });
    try {
      pending.push(again.store.pendingTranscodes());
      again.store.resumeTranscoding();
      await again.store.transcodesSettled();
      pending.push(again.store.pendingTranscodes());
      expect(pending).toEqual([6, 5, 0]);
    } finally {
      await again.dispose();
    }
  });

  it('deleting an image set whose frames await transcoding leaves no frame file and no queue row', async () => {
    const env = await tempStore({ transcode: 'paused' });
    try {
      const ds = await env.store.ensureDatastore('delete');
      let imageSetId = '';
      for (let n = 1; n <= 3; n++) imageSetId = (await env.store.storeInstance(ds, instance(n))).imageSetId;
      const frameFiles = () =>
        fs
          .readdirSync(path.join(env.dataDir, 'datastores', ds, 'frames'), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile()).length;
      const seen = [frameFiles(), env.store.pendingTranscodes()];
      await env.store.deleteImageSet({ datastoreId: ds, imageSetId });
      env.store.resumeTranscoding();
      await env.store.transcodesSettled();
      seen.push(frameFiles(), env.store.pendingTranscodes());
      expect(seen).toEqual([3, 3, 0, 0]);
    } finally {
      await env.dispose();
    }
  });
});
