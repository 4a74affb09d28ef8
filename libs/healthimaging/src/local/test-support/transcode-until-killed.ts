// Child process of the transcoding crash test: ingests `count` instances with transcoding paused
// (printing "ack <n>" for each), prints "acked", then transcodes the backlog, printing
// "pending <frames>" as it drains, until it is killed.
import { LocalHealthImaging } from '../local-health-imaging';
import { backlogInstance } from './crash-ingest-params';
import { syntheticPart10 } from '@triage/test-support';

async function main(): Promise<void> {
  const [dataDir, countText, keep] = process.argv.slice(2);
  const store = await LocalHealthImaging.open({ dataDir, transcode: 'paused', keepOriginals: keep === 'keep' });
  const ds = await store.ensureDatastore('crash');
  let next = 0;
  const count = Number(countText);
  const worker = async () => {
    while (next < count) {
      const n = next++;
      await store.storeInstance(ds, syntheticPart10(backlogInstance(n)));
      process.stdout.write(`ack ${n}\n`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  process.stdout.write('acked\n');
  store.resumeTranscoding();
  let last = -1;
  const report = () => {
    const pending = store.pendingTranscodes();
    if (pending !== last) process.stdout.write(`pending ${(last = pending)}\n`);
    setImmediate(report);
  };
  report();
}

void main();
