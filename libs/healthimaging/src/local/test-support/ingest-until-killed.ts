// Child process of the crash test: ingests instances with several in flight and prints
// "ack <n>" for each acknowledged one, until it is killed.
import { LocalHealthImaging } from '../local-health-imaging';
import { ackEach } from './ack-each';
import { crashInstance } from './crash-ingest-params';

async function main(): Promise<void> {
  const [dataDir, countText] = process.argv.slice(2);
  const store = await LocalHealthImaging.open({ dataDir });
  await ackEach(store, await store.ensureDatastore('crash'), Number(countText), 6, crashInstance);
  process.stdout.write('done\n');
}

void main();
