import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatastoreId, ImageSetId } from '@triage/dicom';
import { LocalEventBus, type TriageEvent } from '@triage/events';
import { syntheticPart10, type SyntheticInstanceOptions } from '@triage/test-support';
import { LocalHealthImaging } from '../local-health-imaging';
import { DataLayout } from '../storage/data-layout';

const STUDY = '1.2.826.0.1.3680043.10.543.77';
const SERIES = `${STUDY}.1`;
const instance = (n: number, extra: Partial<SyntheticInstanceOptions> = {}) =>
  syntheticPart10({ study: STUDY, series: SERIES, sop: `${SERIES}.${n}`, patientId: 'P-77', instanceNumber: n, ...extra });
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** An event as the table writes it: image sets by the name the test gave them, the rest as delivered. */
interface Seen {
  type: string;
  imageSet: string;
  version: string;
  primary: boolean;
  instances: number;
  change?: string;
}

describe('LocalHealthImaging emits its changes through the outbox, in the same transaction', () => {
  let dir: string;
  let bus: LocalEventBus;
  let store: LocalHealthImaging;
  let datastoreId: DatastoreId;
  const delivered: TriageEvent<'ImageSetCreated' | 'ImageSetUpdated'>[] = [];
  const names = new Map<string, string>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-hi-events-'));
    bus = await LocalEventBus.open({ file: path.join(dir, 'events', 'events.sqlite') });
    store = await LocalHealthImaging.open({ dataDir: path.join(dir, 'store'), outbox: bus });
    datastoreId = await store.ensureDatastore('events');
    bus.subscribe({ name: 'all', detailTypes: ['ImageSetCreated', 'ImageSetUpdated'], handler: async (e) => void delivered.push(e) });
  });
  afterAll(async () => {
    await store.close();
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const imageSet = (name: string): ImageSetId => {
    const id = [...names.entries()].find(([, n]) => n === name)?.[0];
    if (!id) throw new Error(`no image set named ${name} yet`);
    return id as ImageSetId;
  };

  /** Runs one operation and answers the events it produced, naming image sets it has not seen `newName`. */
  async function eventsOf(operation: () => Promise<unknown>, newNames: string[] = []): Promise<Seen[]> {
    const before = delivered.length;
    await operation();
    await bus.settled();
    return delivered.slice(before).map((e) => {
      if (!names.has(e.detail.imageSetId)) names.set(e.detail.imageSetId, newNames.shift() ?? '?');
      expect({ datastoreId: e.detail.datastoreId, study: e.detail.studyInstanceUid, resources: e.resources, source: e.source }).toEqual({
        datastoreId,
        study: STUDY,
        resources: [datastoreId, e.detail.imageSetId],
        source: 'triage.healthimaging',
      });
      const { imageSetVersionId: version, primary, instances } = e.detail;
      const seen: Seen = { type: e['detail-type'], imageSet: names.get(e.detail.imageSetId) as string, version, primary, instances };
      if ('change' in e.detail) seen.change = e.detail.change;
      return seen;
    });
  }

  // Each row runs after the ones above it, against the same store.
  const table: { operation: string; run: () => Promise<unknown>; newNames?: string[]; events: Seen[] }[] = [
    {
      operation: 'ingest the first instance of a study',
      run: () => store.storeInstance(datastoreId, instance(1)),
      newNames: ['A'],
      events: [{ type: 'ImageSetCreated', imageSet: 'A', version: '1', primary: true, instances: 1 }],
    },
    {
      operation: 'ingest a second instance',
      run: () => store.storeInstance(datastoreId, instance(2)),
      events: [{ type: 'ImageSetUpdated', imageSet: 'A', version: '2', primary: true, instances: 2, change: 'instances' }],
    },
    {
      operation: 'ingest a third instance',
      run: () => store.storeInstance(datastoreId, instance(3)),
      events: [{ type: 'ImageSetUpdated', imageSet: 'A', version: '3', primary: true, instances: 3, change: 'instances' }],
    },
    { operation: 'ingest the same bytes again', run: () => store.storeInstance(datastoreId, instance(1)), events: [] },
    {
      operation: 'ingest instance 3 again with a conflicting PatientID: one batch, two image sets, one event each',
      run: () => store.storeInstance(datastoreId, instance(3, { patientId: 'P-OTHER' })),
      newNames: ['B'],
      events: [
        { type: 'ImageSetCreated', imageSet: 'B', version: '1', primary: false, instances: 1 },
        { type: 'ImageSetUpdated', imageSet: 'A', version: '4', primary: true, instances: 2, change: 'instances' },
      ],
    },
    {
      operation: 'update the metadata of A',
      run: () =>
        store.updateImageSetMetadata({
          datastoreId,
          imageSetId: imageSet('A'),
          latestVersionId: '4',
          updateImageSetMetadataUpdates: {
            DICOMUpdates: { updatableAttributes: json({ SchemaVersion: 1.1, Study: { DICOM: { StudyDescription: 'EVENTS' } } }) },
          },
        }),
      events: [{ type: 'ImageSetUpdated', imageSet: 'A', version: '5', primary: true, instances: 2, change: 'metadata' }],
    },
    {
      operation: 'copy A to a new image set',
      run: () =>
        store.copyImageSet({
          datastoreId,
          sourceImageSetId: imageSet('A'),
          copyImageSetInformation: { sourceImageSet: { latestVersionId: '5' } },
        }),
      newNames: ['C'],
      events: [{ type: 'ImageSetCreated', imageSet: 'C', version: '1', primary: false, instances: 2 }],
    },
    {
      operation: 'copy B into C',
      run: () =>
        store.copyImageSet({
          datastoreId,
          sourceImageSetId: imageSet('B'),
          copyImageSetInformation: {
            sourceImageSet: { latestVersionId: '1' },
            destinationImageSet: { imageSetId: imageSet('C'), latestVersionId: '1' },
          },
          force: true,
        }),
      events: [{ type: 'ImageSetUpdated', imageSet: 'C', version: '2', primary: false, instances: 3, change: 'copied' }],
    },
    {
      operation: 'delete C',
      run: () => store.deleteImageSet({ datastoreId, imageSetId: imageSet('C') }),
      events: [{ type: 'ImageSetUpdated', imageSet: 'C', version: '2', primary: false, instances: 0, change: 'deleted' }],
    },
  ];

  it.each(table)('$operation', async ({ run, newNames, events }) => {
    expect(await eventsOf(run, [...(newNames ?? [])])).toEqual(events);
  });

  it('kept every event in the index database, beside the change', () => {
    const db = new Database(new DataLayout(path.join(dir, 'store')).indexFile, { readonly: true });
    expect(
      db.prepare('SELECT detail_type AS type, count(*) AS n FROM event_outbox GROUP BY detail_type ORDER BY detail_type').all(),
    ).toEqual([
      { type: 'ImageSetCreated', n: 3 },
      { type: 'ImageSetUpdated', n: 6 },
    ]);
    db.close();
  });
});
