import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { workspaceRoot } from '@triage/test-support';
import type { EventId } from '../event-envelope';
import { eventually } from '../test-support/eventually';
import { recordEffect } from '../test-support/record-effect';
import { imageSetCreated } from '../test-support/sample-events';
import { LocalEventBus } from './local-event-bus';
import { oncePerEvent } from './once-per-event';

const EVENT: EventId = '00000000-0000-4000-8000-00000000c0de';

/** Starts the subscriber child and SIGKILLs it once its handler says it is in progress. */
function killInsideHandler(busFile: string, subscriberFile: string, killPoint: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@triage/source',
        '--import',
        'tsx',
        path.join(__dirname, '../test-support/deliver-until-killed.ts'),
        busFile,
        subscriberFile,
        killPoint,
      ],
      { cwd: workspaceRoot(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      lines.push(...d.toString().split('\n').filter(Boolean));
      if (lines.some((l) => l.startsWith('in-handler '))) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? resolve(lines) : reject(new Error(`child ended with ${code}: ${stderr}`))));
  });
}

describe('a subscriber process killed with SIGKILL inside its handler', () => {
  const table = [
    { killPoint: 'before-effect', effectRunsAfterRestart: true },
    { killPoint: 'after-effect', effectRunsAfterRestart: false },
  ];

  it.each(table)(
    'gets the event again after the restart and the effect happens once ($killPoint)',
    async ({ killPoint, effectRunsAfterRestart }) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-bus-crash-'));
      const busFile = path.join(dir, 'events.sqlite');
      const subscriberFile = path.join(dir, 'projector.sqlite');
      try {
        const publisher = await LocalEventBus.open({ file: busFile });
        await publisher.publish([imageSetCreated(1, EVENT)]);
        await publisher.close();

        expect(await killInsideHandler(busFile, subscriberFile, killPoint)).toEqual([`in-handler ${EVENT}`]);

        const bus = await LocalEventBus.open({ file: busFile, backoff: { baseMs: 2, maxMs: 8 }, pollMs: 50 });
        const db = new Database(subscriberFile);
        const calls: EventId[] = [];
        const effects: EventId[] = [];
        const record = recordEffect(db);
        const once = oncePerEvent(db, 'projector', (event) => {
          effects.push(event.id);
          record(event);
        });
        bus.subscribe({ name: 'projector', detailTypes: ['ImageSetCreated'], handler: async (e) => (calls.push(e.id), once(e)) });
        await eventually(() => expect(calls).toEqual([EVENT]));
        await bus.settled();
        const delivery = new Database(busFile, { readonly: true });
        expect({
          effectRanAfterRestart: effects.length === 1,
          effects: db.prepare('SELECT event_id FROM effects').all(),
          delivery: delivery.prepare('SELECT state, attempts FROM event_deliveries').all(),
        }).toEqual({
          effectRanAfterRestart: effectRunsAfterRestart,
          effects: [{ event_id: EVENT }],
          delivery: [{ state: 'delivered', attempts: 2 }],
        });
        delivery.close();
        await bus.close();
        db.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
