import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeFrame } from '@triage/codec';
import { getFrames, readPart10, readPixelInfo } from '@triage/dicom';
import { STORED_TRANSFER_SYNTAX } from '../ingest/prepare-instance';
import { crashInstance } from '../test-support/crash-ingest-params';
import { readMetadata } from '../test-support/read-metadata';
import { syntheticPart10 } from '@triage/test-support';
import { readAll, tempStore } from '../test-support/temp-store';

const root = path.resolve(__dirname, '../../../../..');

/** Runs the ingest child until it has acknowledged `killAfter` instances, then SIGKILLs it. */
function ingestThenKill(dataDir: string, killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@triage/source', '--import', 'tsx', path.join(__dirname, '../test-support/ingest-until-killed.ts'), dataDir, '400'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const acked: number[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
      if (acked.length >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child ended with ${code}: ${stderr}`))));
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged instance readable bit-exact after a SIGKILL mid-ingest, and no half-written image set', async () => {
    const { store: first, dataDir } = await tempStore();
    await first.close();
    const acked = await ingestThenKill(dataDir, 40);
    fs.writeFileSync(path.join(dataDir, 'tmp', 'debris.tmp'), 'left by a crash');
    const { store, dispose } = await tempStore({ dataDir });
    try {
      expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
      const ds = await store.ensureDatastore('crash');
      for (const n of acked) {
        const options = crashInstance(n);
        const [location] = await store.locateInstances(ds, options.study, options.series, options.sop);
        expect(location?.imageFrameIds).toHaveLength(1);
        const file = readPart10(syntheticPart10(options));
        const info = readPixelInfo(file);
        const expected = decodeFrame(file.transferSyntaxUid, getFrames(file, info)[0].bytes, info).pixels;
        const jph = await readAll(
          (
            await store.getImageFrame({
              datastoreId: ds,
              imageSetId: location.imageSetId,
              imageFrameInformation: { imageFrameId: location.imageFrameIds[0] },
            })
          ).imageFrameBlob,
        );
        expect([n, Buffer.from(decodeFrame(STORED_TRANSFER_SYNTAX, jph, info).pixels).equals(Buffer.from(expected))]).toEqual([n, true]);
      }
      // Whatever the index shows is whole: every instance of every image set has its frames (sizes known once transcoded).
      await store.transcodesSettled();
      for (let s = 0; s < 4; s++) {
        const study = crashInstance(s).study;
        const located = await store.locateInstances(ds, study);
        if (located.length === 0) continue;
        const doc = await readMetadata(store, ds, located[0].imageSetId);
        const instances = Object.values(doc.Study.Series).flatMap((series) => Object.values(series.Instances));
        expect(instances).toHaveLength(located.length);
        for (const instance of instances) {
          const frame = await store.getImageFrame({
            datastoreId: ds,
            imageSetId: located[0].imageSetId,
            imageFrameInformation: { imageFrameId: instance.ImageFrames[0].ID },
          });
          expect((await readAll(frame.imageFrameBlob)).length).toBe(instance.ImageFrames[0].FrameSizeInBytes);
        }
      }
      // Ingest carries on where it stopped.
      const again = await store.storeInstance(ds, syntheticPart10(crashInstance(acked[0])));
      expect(again.status).toBe('unchanged');
    } finally {
      await dispose();
    }
  });
});
