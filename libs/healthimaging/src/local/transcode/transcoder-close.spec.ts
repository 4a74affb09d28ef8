import { syntheticPart10 } from '@triage/test-support';
import { tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.940';
const instance = (n: number) =>
  syntheticPart10({ study: STUDY, series: `${STUDY}.1`, sop: `${STUDY}.1.${n}`, seed: n, rows: 16, columns: 16 });

describe('closing with a transcoding backlog', () => {
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
});
