import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventBusContract, type EventBusUnderTest } from '../test-support/contract-event-bus';
import { LocalEventBus } from './local-event-bus';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

async function openLocal(file: string, maxAttempts: number): Promise<EventBusUnderTest> {
  const bus = await LocalEventBus.open({ file, maxAttempts, backoff: { baseMs: 2, maxMs: 8 }, pollMs: 50 });
  return {
    bus,
    deadLetters: bus,
    settled: () => bus.settled(),
    reopen: async () => {
      await bus.close();
      return openLocal(file, maxAttempts);
    },
  };
}

eventBusContract('LocalEventBus', {
  open: async ({ maxAttempts }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-events-'));
    dirs.push(dir);
    return openLocal(path.join(dir, 'events.sqlite'), maxAttempts);
  },
});
