import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventBus } from '@triage/events';
import type { EventId, TriageEventEntry } from '@triage/events';
import { VerifiedLabels } from './verified-labels';

const DATASTORE = 'd'.repeat(32);
const imageSet = (n: number) => String(n).padStart(32, '0');

/** The label fields both label events carry, for image set `n`. */
function labelFields(n: number, finding: string) {
  return {
    datastoreId: DATASTORE,
    imageSetId: imageSet(n),
    studyInstanceUid: `1.2.826.0.1.3680043.10.543.${n}`,
    finding,
    labelVersion: n,
    origin: { kind: 'clinician' as const, principal: `dr-${n}`, role: 'clinician' },
  };
}

/** An ImageVerified entry for image set `n`, its id pinned. */
function imageVerified(n: number, id: EventId, verification: 'confirmed' | 'corrected'): TriageEventEntry<'ImageVerified'> {
  const detail = { ...labelFields(n, verification === 'confirmed' ? 'normal' : 'pneumonia'), verification };
  return { source: 'triage.catalog', 'detail-type': 'ImageVerified', id, time: new Date(Date.UTC(2025, 0, n)), detail };
}

/** A LabelChanged entry for image set `n`: not the subscriber's detail type. */
function labelChanged(n: number): TriageEventEntry<'LabelChanged'> {
  return { source: 'triage.catalog', 'detail-type': 'LabelChanged', detail: labelFields(n, 'normal') };
}

const ID1: EventId = '00000000-0000-4000-8000-000000000001';
const ID2: EventId = '00000000-0000-4000-8000-000000000002';
const PROCESSED_AT = '2025-02-01T00:00:00.000Z';

describe("the 'verified-labels' subscriber", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verified-labels-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = async () => {
    const bus = await LocalEventBus.open({ file: path.join(dir, 'bus.sqlite'), pollMs: 50 });
    const verified = VerifiedLabels.open(path.join(dir, 'verified.sqlite'), () => new Date(PROCESSED_AT));
    verified.subscribe(bus);
    return { bus, verified };
  };

  it('records each ImageVerified once, by event id, across a second hand-over and a restart; ignores other detail types', async () => {
    const first = await open();
    await first.bus.publish([imageVerified(1, ID1, 'confirmed'), labelChanged(3), imageVerified(2, ID2, 'corrected')]);
    await first.bus.settled();
    // At least once means a second hand-over can happen (a crash before the bus marked it delivered): it changes nothing.
    const again = imageVerified(1, ID1, 'confirmed');
    await first.verified.handler({
      version: '0',
      id: ID1,
      source: again.source,
      'detail-type': 'ImageVerified',
      account: '000000000000',
      region: 'local',
      time: '2025-01-01T00:00:00.000Z',
      resources: [],
      detail: again.detail,
    });
    await first.bus.close();
    first.verified.close();

    const second = await open();
    await second.bus.settled();
    expect(second.verified.list()).toEqual({
      records: [
        {
          eventId: ID1,
          datastoreId: DATASTORE,
          imageSetId: imageSet(1),
          finding: 'normal',
          verification: 'confirmed',
          labelVersion: 1,
          principal: 'dr-1',
          eventTime: '2025-01-01T00:00:00.000Z',
          processedAt: PROCESSED_AT,
          deliveries: 2,
        },
        {
          eventId: ID2,
          datastoreId: DATASTORE,
          imageSetId: imageSet(2),
          finding: 'pneumonia',
          verification: 'corrected',
          labelVersion: 2,
          principal: 'dr-2',
          eventTime: '2025-01-02T00:00:00.000Z',
          processedAt: PROCESSED_AT,
          deliveries: 1,
        },
      ],
      next: undefined,
    });
    expect(second.verified.list({ imageSetId: imageSet(2) }).records.map((r) => r.eventId)).toEqual([ID2]);
    expect(second.verified.list({ limit: 1 })).toMatchObject({ records: [{ eventId: ID1 }], next: 1 });
    expect(second.verified.list({ after: 1 }).records.map((r) => r.eventId)).toEqual([ID2]);
    expect(second.verified.count()).toBe(2);
    expect(second.verified.count('other' as never)).toBe(0);
    await second.bus.close();
    second.verified.close();
  });
});
