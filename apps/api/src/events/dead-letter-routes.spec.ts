import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventBus, type EventId } from '@triage/events';
import { eventually, labelChanged } from '@triage/events/test-support';
import { startTestApp, type TestApp } from '../test-support/test-app';

const EVENT: EventId = '00000000-0000-4000-8000-0000000dead1';

describe('/admin/events/dead-letters', () => {
  let dir: string;
  let bus: LocalEventBus;
  let t: TestApp;
  let healthy = false;
  const handled: EventId[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-dlq-routes-'));
    bus = await LocalEventBus.open({ file: path.join(dir, 'events.sqlite'), maxAttempts: 2, backoff: { baseMs: 2, maxMs: 4 }, pollMs: 50 });
    t = await startTestApp({ events: bus });
    bus.subscribe({
      name: 'trainer',
      detailTypes: ['LabelChanged'],
      handler: async (event) => {
        handled.push(event.id);
        if (!healthy) throw new Error('pipeline store unavailable');
      },
    });
    await bus.publish([labelChanged(1, EVENT)]);
    await eventually(async () => expect(await bus.listDeadLetters()).toHaveLength(1));
  });
  afterAll(async () => {
    await t.close();
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, url: string, body?: unknown, token = t.token) =>
    fetch(`${t.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('lists a dead letter with its subscriber, attempts, last error and event', async () => {
    const response = await call('GET', '/admin/events/dead-letters');
    expect(response.status).toBe(200);
    const { deadLetters } = (await response.json()) as { deadLetters: Record<string, unknown>[] };
    expect(
      deadLetters.map(({ deadAt, event, ...rest }) => ({ ...rest, deadAt: typeof deadAt, eventId: (event as { id: string }).id })),
    ).toEqual([
      {
        eventId: EVENT,
        subscriber: 'trainer',
        detailType: 'LabelChanged',
        attempts: 2,
        lastError: 'pipeline store unavailable',
        deadAt: 'string',
      },
    ]);
    expect(await (await call('GET', '/admin/events/dead-letters?subscriber=someone-else')).json()).toEqual({ deadLetters: [] });
  });

  it('answers bad input with problem+json naming what was wrong', async () => {
    const table = [
      { method: 'GET', url: '/admin/events/dead-letters?limit=0', body: undefined, detail: /limit/ },
      { method: 'GET', url: '/admin/events/dead-letters?subscriber=%20x', body: undefined, detail: /subscriber/ },
      { method: 'POST', url: '/admin/events/dead-letters/replay', body: { eventIds: 'all' }, detail: /eventIds/ },
      { method: 'POST', url: '/admin/events/dead-letters/replay', body: { eventIds: [] }, detail: /eventIds/ },
      { method: 'POST', url: '/admin/events/dead-letters/replay', body: { everything: true }, detail: /everything|additional/ },
    ];
    for (const row of table) {
      const response = await call(row.method, row.url, row.body);
      expect({ url: row.url, status: response.status, type: response.headers.get('content-type') }).toEqual({
        url: row.url,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(((await response.json()) as { detail: string }).detail).toMatch(row.detail);
    }
  });

  it('refuses a clinician (events.manage is admin only)', async () => {
    const clinician = t.tokens.issue('dr-dlq', 'clinician');
    expect((await call('GET', '/admin/events/dead-letters', undefined, clinician)).status).toBe(403);
    expect((await call('POST', '/admin/events/dead-letters/replay', {}, clinician)).status).toBe(403);
  });

  it('replays: none for another subscriber, then the event, which is delivered', async () => {
    healthy = true;
    expect(await (await call('POST', '/admin/events/dead-letters/replay', { subscriber: 'someone-else' })).json()).toEqual({ replayed: 0 });
    expect(await (await call('POST', '/admin/events/dead-letters/replay', { eventIds: [EVENT], subscriber: 'trainer' })).json()).toEqual({
      replayed: 1,
    });
    await eventually(() => expect(handled).toEqual([EVENT, EVENT, EVENT]));
    await bus.settled();
    expect(await (await call('GET', '/admin/events/dead-letters')).json()).toEqual({ deadLetters: [] });
  });
});
