// Child process of the crash test: ingests instances with several in flight and prints
// "ack <n>" for each acknowledged one, until it is killed.
import { LocalHealthImaging } from '../local-health-imaging';
import { crashInstance } from './crash-ingest-params';
import { syntheticPart10 } from '@triage/test-support';

async function main(): Promise<void> {
  const [dataDir, countText] = process.argv.slice(2);
  const store = await LocalHealthImaging.open({ dataDir });
  const ds = await store.ensureDatastore('crash');
  let next = 0;
  const count = Number(countText);
  const worker = async () => {
    while (next < count) {
      const n = next++;
      await store.storeInstance(ds, syntheticPart10(crashInstance(n)));
      process.stdout.write(`ack ${n}\n`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  process.stdout.write('done\n');
}

void main();
