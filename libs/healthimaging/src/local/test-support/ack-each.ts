import type { DatastoreId } from '@triage/dicom';
import { syntheticPart10, type SyntheticInstanceOptions } from '@triage/test-support';
import type { LocalHealthImaging } from '../local-health-imaging';

/** Stores instances 0..count-1 with `workers` in flight, printing "ack <n>" as each is acknowledged (a crash test's child reads them). */
export async function ackEach(
  store: LocalHealthImaging,
  datastoreId: DatastoreId,
  count: number,
  workers: number,
  instance: (n: number) => SyntheticInstanceOptions,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      await store.storeInstance(datastoreId, syntheticPart10(instance(n)));
      process.stdout.write(`ack ${n}\n`);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}
