import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditEvent, AuditSink } from './audit-event';
import { AuditLog, auditLogFile } from './audit-log';
import type { AuditRecord } from './audit-record';
import { parseRecord } from './audit-record';
import type { Schedule, StudyAccess } from './study-access-window';
import { StudyAccessWindows } from './study-access-window';
import { verifyAuditLog } from './verify-audit-log';

const T0 = Date.parse('2026-12-05T10:00:00.000Z');
const WINDOW_MS = 5_000;
const at = (ms: number) => new Date(T0 + ms).toISOString();

/** A step of a scenario: a read (actor, study, frames, instances), a refusal written beside, the clock moving, timers firing, close. */
type Step =
  | { read: [actor: string, study: string, frames: number, instances: number] }
  | { refused: [actor: string, study: string] }
  | { advance: number }
  | 'fire'
  | 'flush'
  | 'close';

/** What a record says, in one line: `actor resource outcome detail`. */
const line = (r: AuditRecord) => `${r.actor} ${r.resource} ${r.outcome}${r.detail ? ` ${r.detail}` : ''}`;
const readEvent = (actor: string, study: string): AuditEvent => ({
  actor,
  role: 'clinician',
  action: 'dicomweb.read',
  resource: `/dicomweb/studies/${study}/series/1/instances/1/frames/1`,
  outcome: 'success',
  source: '127.0.0.1',
});
const access = (actor: string, study: string, frames: number, instances: number): StudyAccess => ({
  event: readEvent(actor, study),
  study,
  resource: `/dicomweb/studies/${study}`,
  frames,
  instances,
});
const frameRead = (actor: string, study: string) => `${actor} /dicomweb/studies/${study}/series/1/instances/1/frames/1 success`;
const aggregate = (actor: string, study: string, n: number, frames: number, instances: number, first: number, last: number) =>
  `${actor} /dicomweb/studies/${study} success accesses: ${n}; frames: ${frames}; instances: ${instances}; window: ${at(first)}..${at(last)}`;

const interleaved: Step[] = [];
for (let i = 0; i < 3; i++)
  for (const [actor, study] of [
    ['carol', '1.1'],
    ['dave', '1.1'],
    ['carol', '2.2'],
    ['dave', '2.2'],
  ])
    interleaved.push({ read: [actor, study, 1, 0] }, { advance: 10 });

/** Every scenario on a real log; the records it must hold afterwards, exactly, and its fsyncs. */
const SCENARIOS: { name: string; steps: Step[]; records: string[]; fsyncs: number; maxAccesses?: number }[] = [
  {
    name: '600 frame reads of one study by one principal in one window: the first, then one record for the 599 after it',
    steps: [...Array.from({ length: 600 }, (): Step[] => [{ read: ['carol', '1.1', 1, 0] }, { advance: 5 }]).flat(), 'fire'],
    records: [frameRead('carol', '1.1'), aggregate('carol', '1.1', 599, 599, 0, 5, 2995)],
    fsyncs: 2,
  },
  {
    name: 'two principals and two studies interleaved: one pair each, in the order their windows opened',
    steps: [...interleaved, 'fire'],
    records: [
      frameRead('carol', '1.1'),
      frameRead('dave', '1.1'),
      frameRead('carol', '2.2'),
      frameRead('dave', '2.2'),
      aggregate('carol', '1.1', 2, 2, 0, 40, 80),
      aggregate('dave', '1.1', 2, 2, 0, 50, 90),
      aggregate('carol', '2.2', 2, 2, 0, 60, 100),
      aggregate('dave', '2.2', 2, 2, 0, 70, 110),
    ],
    // One per first read (each awaited); the four aggregates are appended together and share two.
    fsyncs: 6,
  },
  {
    name: 'a read after the window (its timer not yet run): the window is written and the read opens a new one, durably',
    steps: [
      { read: ['carol', '1.1', 3, 0] },
      { advance: 1_000 },
      { read: ['carol', '1.1', 2, 0] },
      { advance: WINDOW_MS },
      { read: ['carol', '1.1', 1, 0] },
      { advance: 1 },
      { read: ['carol', '1.1', 4, 0] },
      'close',
    ],
    records: [
      frameRead('carol', '1.1'),
      aggregate('carol', '1.1', 1, 2, 0, 1_000, 1_000),
      frameRead('carol', '1.1'),
      aggregate('carol', '1.1', 1, 4, 0, 6_001, 6_001),
    ],
    fsyncs: 4,
  },
  {
    name: 'a refusal in the middle has its own record; the window goes on around it',
    steps: [
      { read: ['carol', '1.1', 1, 0] },
      { read: ['carol', '1.1', 1, 0] },
      { refused: ['carol', '2.2'] },
      { read: ['carol', '1.1', 1, 0] },
      'fire',
    ],
    records: [frameRead('carol', '1.1'), 'carol /dicomweb/studies/2.2/metadata refused', aggregate('carol', '1.1', 2, 2, 0, 0, 0)],
    fsyncs: 3,
  },
  {
    name: 'close writes the open windows; a window with only its first read writes nothing more',
    steps: [
      { read: ['carol', '1.1', 0, 600] },
      { read: ['carol', '1.1', 0, 1] },
      { read: ['carol', '1.1', 2, 0] },
      { read: ['dave', '2.2', 1, 0] },
      'close',
    ],
    records: [frameRead('carol', '1.1'), frameRead('dave', '2.2'), aggregate('carol', '1.1', 2, 2, 1, 0, 0)],
    fsyncs: 3,
  },
  {
    name: 'the window ends at its maxAccesses (3): written at once, and the next read opens a new window durably',
    steps: [...Array.from({ length: 6 }, (): Step => ({ read: ['carol', '1.1', 1, 0] })), 'flush'],
    records: [
      frameRead('carol', '1.1'),
      aggregate('carol', '1.1', 3, 3, 0, 0, 0),
      frameRead('carol', '1.1'),
      aggregate('carol', '1.1', 1, 1, 0, 0, 0),
    ],
    fsyncs: 4,
    maxAccesses: 3,
  },
];

describe('StudyAccessWindows on the audit log', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-access-'));
    file = auditLogFile(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A timer fired by hand: `fire` runs every call due by then, in the order they were scheduled. */
  const manualSchedule = () => {
    const pending: { fn: () => void; cancelled: boolean }[] = [];
    const schedule: Schedule = (fn) => {
      const call = { fn, cancelled: false };
      pending.push(call);
      return { cancel: () => (call.cancelled = true) };
    };
    const fire = () => {
      for (const call of pending.splice(0)) if (!call.cancelled) call.fn();
    };
    return { schedule, fire, pending: () => pending.filter((c) => !c.cancelled).length };
  };

  it.each(SCENARIOS)('$name', async ({ steps, records, fsyncs, maxAccesses }) => {
    const log = AuditLog.open(file);
    let now = T0;
    const timers = manualSchedule();
    const errors: unknown[] = [];
    const windows = new StudyAccessWindows(log, {
      windowMs: WINDOW_MS,
      maxAccesses,
      now: () => now,
      schedule: timers.schedule,
      onError: (error) => errors.push(error),
    });
    for (const step of steps) {
      if (step === 'fire') timers.fire();
      else if (step === 'flush') await windows.flush();
      else if (step === 'close') await windows.close();
      else if ('advance' in step) now += step.advance;
      else if ('refused' in step) {
        const [actor, study] = step.refused;
        await log.recordDurably({ ...readEvent(actor, study), resource: `/dicomweb/studies/${study}/metadata`, outcome: 'refused' });
      } else {
        const [actor, study, frames, instances] = step.read;
        await windows.access(access(actor, study, frames, instances));
      }
    }
    await windows.flush();
    log.close();

    const written = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => parseRecord(l) as AuditRecord);
    expect(written.map(line)).toEqual(records);
    expect({ fsyncs: log.fsyncCount, open: windows.openWindows, timers: timers.pending(), errors }).toEqual({
      fsyncs,
      open: 0,
      timers: 0,
      errors: [],
    });
    expect(await verifyAuditLog(file)).toEqual({ ok: true, records: records.length, lastSeq: records.length, problems: [] });
  });

  it('answers a following read only once the first read of its window is on disk', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sink: AuditSink = {
      record: () => undefined,
      recordDurably: async (event) => {
        order.push(`write ${event.detail ?? 'first'}`);
        if (!event.detail) await held;
        order.push(`durable ${event.detail ?? 'first'}`);
      },
    };
    const windows = new StudyAccessWindows(sink, { now: () => T0, schedule: manualSchedule().schedule });
    const first = windows.access(access('carol', '1.1', 1, 0)).then(() => order.push('answer 1'));
    const second = windows.access(access('carol', '1.1', 1, 0)).then(() => order.push('answer 2'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['write first']);
    release();
    await Promise.all([first, second]);
    await windows.close();
    expect(order).toEqual([
      'write first',
      'durable first',
      'answer 1',
      'answer 2',
      `write accesses: 1; frames: 1; instances: 0; window: ${at(0)}..${at(0)}`,
      `durable accesses: 1; frames: 1; instances: 0; window: ${at(0)}..${at(0)}`,
    ]);
  });

  it('fails the reads of a window whose first record could not be written, and the next read opens a new window', async () => {
    let fail = true;
    const written: string[] = [];
    const sink: AuditSink = {
      record: () => undefined,
      recordDurably: (event) => {
        if (fail) return Promise.reject(new Error('disk full'));
        written.push(event.detail ?? event.resource);
        return Promise.resolve();
      },
    };
    const windows = new StudyAccessWindows(sink, { now: () => T0, schedule: manualSchedule().schedule });
    const outcomes = await Promise.allSettled([windows.access(access('carol', '1.1', 1, 0)), windows.access(access('carol', '1.1', 1, 0))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(windows.openWindows).toBe(0);
    fail = false;
    await windows.access(access('carol', '1.1', 1, 0));
    await windows.close();
    expect(written).toEqual(['/dicomweb/studies/1.1/series/1/instances/1/frames/1']);
  });

  it('records each read on its own beyond maxOpenWindows, with windowMs 0, and after close', async () => {
    const written: string[] = [];
    const sink: AuditSink = { record: (event) => void written.push(`${event.actor} ${event.detail ?? 'read'}`) };
    const timers = manualSchedule();
    const bounded = new StudyAccessWindows(sink, { maxOpenWindows: 1, now: () => T0, schedule: timers.schedule });
    for (const actor of ['carol', 'dave', 'dave', 'carol']) await bounded.access(access(actor, '1.1', 1, 0));
    await bounded.close();
    await bounded.access(access('carol', '1.1', 1, 0));
    const off = new StudyAccessWindows(sink, { windowMs: 0, schedule: timers.schedule });
    await off.access(access('erin', '1.1', 1, 0));
    await off.access(access('erin', '1.1', 1, 0));
    expect(written).toEqual([
      'carol read',
      'dave read',
      'dave read',
      `carol accesses: 1; frames: 1; instances: 0; window: ${at(0)}..${at(0)}`,
      'carol read',
      'erin read',
      'erin read',
    ]);
  });
});
