// A child process for the crash spec: subscribes, and inside the handler prints where it is and
// then hangs until the parent SIGKILLs it. Arguments: bus file, subscriber db file, kill point.
import Database from 'better-sqlite3';
import { LocalEventBus } from '../local/local-event-bus';
import { oncePerEvent } from '../local/once-per-event';
import { recordEffect } from './record-effect';

async function main(): Promise<void> {
  const [file, subscriberFile, killPoint] = process.argv.slice(2);
  const bus = await LocalEventBus.open({ file, backoff: { baseMs: 2, maxMs: 8 }, pollMs: 50 });
  const db = new Database(subscriberFile);
  const effect = oncePerEvent(db, 'projector', recordEffect(db));
  bus.subscribe({
    name: 'projector',
    detailTypes: ['ImageSetCreated'],
    handler: async (event) => {
      if (killPoint === 'after-effect') await effect(event);
      process.stdout.write(`in-handler ${event.id}\n`);
      await new Promise(() => undefined);
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
