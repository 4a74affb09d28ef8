// Child process of the transcoding crash test: ingests `count` instances with transcoding paused
// (printing "ack <n>" for each), prints "acked", then transcodes the backlog, printing
// "pending <frames>" as it drains, until it is killed.
import { LocalHealthImaging } from '../local-health-imaging';
import { ackEach } from './ack-each';
import { backlogInstance } from './crash-ingest-params';

async function main(): Promise<void> {
  const [dataDir, countText, keep] = process.argv.slice(2);
  const store = await LocalHealthImaging.open({ dataDir, transcode: 'paused', keepOriginals: keep === 'keep' });
  await ackEach(store, await store.ensureDatastore('crash'), Number(countText), 4, backlogInstance);
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
