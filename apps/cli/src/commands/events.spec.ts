import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventBus, type EventId } from '@triage/events';
import { eventually, imageSetCreated, labelChanged } from '@triage/events/test-support';
import { runCli } from '../test-support/run-cli';
import { startUp, type RunningUp } from '../test-support/running-up';

const adminToken = 'events-spec-admin-token-0123456789';
const FIRST: EventId = '00000000-0000-4000-8000-00000000e001';
const SECOND: EventId = '00000000-0000-4000-8000-00000000e002';

// A real API process and a CLI process per step.
jest.setTimeout(120_000);

/** Leaves two dead letters in the bus file the API will open: a subscriber that is gone failed them. */
async function parkTwoEvents(dataDir: string): Promise<void> {
  const bus = await LocalEventBus.open({ file: path.join(dataDir, 'events', 'events.sqlite'), maxAttempts: 1 });
  bus.subscribe({
    name: 'retired-trigger',
    detailTypes: ['ImageSetCreated', 'LabelChanged'],
    handler: async (event) => {
      throw new Error(event['detail-type'] === 'LabelChanged' ? 'label store\nunavailable' : 'trigger retired');
    },
  });
  await bus.publish([imageSetCreated(1, FIRST), labelChanged(2, SECOND)]);
  await eventually(async () => expect(await bus.listDeadLetters()).toHaveLength(2));
  await bus.close();
}

describe('triage events dlq against the real API', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-events-'));
  const dataDir = path.join(tmp, 'data');
  let up: RunningUp;
  const cli = (...args: string[]) => runCli(['events', 'dlq', ...args, '--url', up.url, '--token', adminToken]);

  beforeAll(async () => {
    await parkTwoEvents(dataDir);
    up = await startUp(dataDir, { TRIAGE_ADMIN_TOKEN: adminToken });
  });
  afterAll(async () => {
    await up.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the dead letters as a table, and as JSON', async () => {
    const listed = await cli('list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/ {2,}/))).toEqual([
      ['EVENT', 'SUBSCRIBER', 'DETAIL TYPE', 'ATTEMPTS', 'DEAD AT', 'LAST ERROR'],
      [FIRST, 'retired-trigger', 'ImageSetCreated', '1', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), 'trigger retired'],
      [SECOND, 'retired-trigger', 'LabelChanged', '1', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), 'label store unavailable'],
    ]);
    const json = await cli('list', '--json', '--limit', '1');
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ eventId: FIRST, subscriber: 'retired-trigger', event: expect.objectContaining({ id: FIRST }) }),
    ]);
  });

  it('replays one event, then the rest; a clinician may not', async () => {
    const issued = await runCli(['token', 'create', '--role', 'clinician', '--name', 'cleo', '--url', up.url, '--token', adminToken]);
    const refused = await runCli(['events', 'dlq', 'replay', '--url', up.url, '--token', issued.stdout.trim()]);
    expect(refused).toMatchObject({
      code: 1,
      stderr: 'triage: events dlq replay: HTTP 403: the role clinician may not perform events.manage\n',
    });

    expect(await cli('replay', '--event', SECOND, '--subscriber', 'retired-trigger')).toMatchObject({
      code: 0,
      stdout: 'replayed 1 dead letter\n',
    });
    expect((await cli('list')).stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(await cli('replay', '--subscriber', 'someone-else')).toMatchObject({ code: 0, stdout: 'replayed 0 dead letters\n' });
    expect(await cli('replay')).toMatchObject({ code: 0, stdout: 'replayed 1 dead letter\n' });
    expect(await cli('list')).toMatchObject({ code: 0, stdout: 'EVENT  SUBSCRIBER  DETAIL TYPE  ATTEMPTS  DEAD AT  LAST ERROR\n' });
  });
});
