import type { DicomJsonDataset } from '@triage/dicom';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { QidoOptions, QidoQuery, UnreadableQidoRow } from '../../dicom-store';
import type { LocalHealthImaging } from '../local-health-imaging';
import { syntheticPart10 } from '@triage/test-support';
import { tempStore } from '../test-support/temp-store';

const study = (n: number) => `1.2.826.0.1.3680043.8.498.${n}`;
const uidsOf = (results: DicomJsonDataset[], tag = '0020000D') => results.map((r) => r[tag]?.Value?.[0]);

describe('QIDO-RS over the local store', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  let ds: string;
  let store: LocalHealthImaging;
  const q = (level: QidoQuery['level'], match: Record<string, string[]> = {}, extra: Partial<QidoQuery> = {}) =>
    store.qido(ds, { level, match, includeField: [], limit: 100, offset: 0, ...extra });

  beforeAll(async () => {
    env = await tempStore();
    store = env.store;
    ds = await store.ensureDatastore('qido');
    const studies = [
      { n: 1, patientName: 'DOE^JANE', patientId: 'P1', studyDate: '20200115', accession: 'A1', modalities: ['CT', 'SR'] },
      { n: 2, patientName: 'doe^john', patientId: 'P2', studyDate: '20201231', accession: 'A2', modalities: ['MR'] },
      { n: 3, patientName: 'ROE^RICHARD', patientId: 'P3', studyDate: '20210301', accession: 'A3', modalities: ['CT'] },
    ];
    for (const s of studies) {
      for (const [i, modality] of s.modalities.entries()) {
        for (let k = 1; k <= 2; k++) {
          await store.storeInstance(
            ds,
            syntheticPart10({
              study: study(s.n),
              series: `${study(s.n)}.${i + 1}`,
              sop: `${study(s.n)}.${i + 1}.${k}`,
              seriesNumber: i + 1,
              instanceNumber: k,
              patientName: s.patientName,
              patientId: s.patientId,
              studyDate: s.studyDate,
              accession: s.accession,
              modality,
            }),
          );
        }
      }
    }
    // A conflicting instance: its non-primary image set is not in QIDO results.
    await store.storeInstance(
      ds,
      syntheticPart10({ study: study(1), series: `${study(1)}.9`, sop: `${study(1)}.9.1`, patientId: 'WRONG', patientName: 'DOE^JANE' }),
    );
  });
  afterAll(() => env.dispose());

  it('returns the attributes PS3.18 requires at the study level, with counts and modalities', async () => {
    const [first] = await q('studies', { StudyInstanceUID: [study(1)] });
    expect(first['00100010']).toEqual({ vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] });
    expect(first['00080061']).toEqual({ vr: 'CS', Value: ['CT', 'SR'] });
    expect(first['00201206'].Value).toEqual([2]);
    expect(first['00201208'].Value).toEqual([4]);
    for (const tag of ['00080020', '00080030', '00080050', '00080090', '00100020', '00100030', '00100040', '0020000D', '00200010'])
      expect(first[tag]).toBeDefined();
    expect(first['00280010']).toBeUndefined();
  });

  it('matches patient names with wildcards, case-insensitively, and IDs exactly', async () => {
    expect(uidsOf(await q('studies', { PatientName: ['DOE*'] }))).toEqual([study(1), study(2)]);
    expect(uidsOf(await q('studies', { PatientName: ['?OE^RICHARD'] }))).toEqual([study(3)]);
    expect(uidsOf(await q('studies', { PatientID: ['P2'] }))).toEqual([study(2)]);
    expect(uidsOf(await q('studies', { '00100020': ['P3'] }))).toEqual([study(3)]);
  });

  it('matches date ranges, open or closed, UID lists, accession numbers and modalities in study', async () => {
    expect(uidsOf(await q('studies', { StudyDate: ['20200101-20201231'] }))).toEqual([study(1), study(2)]);
    expect(uidsOf(await q('studies', { StudyDate: ['20201231-'] }))).toEqual([study(2), study(3)]);
    expect(uidsOf(await q('studies', { StudyDate: ['-20200201'] }))).toEqual([study(1)]);
    expect(uidsOf(await q('studies', { StudyInstanceUID: [`${study(3)},${study(1)}`] }))).toEqual([study(1), study(3)]);
    expect(uidsOf(await q('studies', { AccessionNumber: ['A2'] }))).toEqual([study(2)]);
    expect(uidsOf(await q('studies', { ModalitiesInStudy: ['CT'] }))).toEqual([study(1), study(3)]);
    expect(uidsOf(await q('studies', { ModalitiesInStudy: ['MR', 'SR'] }))).toEqual([study(1), study(2)]);
  });

  it('pages with limit and offset in a stable order', async () => {
    expect(uidsOf(await q('studies', {}, { limit: 2, offset: 1 }))).toEqual([study(2), study(3)]);
  });

  it('answers series and instance queries, with the level attributes and includefield', async () => {
    const series = await q('series', {}, { studyInstanceUid: study(1) });
    expect(uidsOf(series, '0020000E')).toEqual([`${study(1)}.1`, `${study(1)}.2`]);
    expect(series[0]['00080060'].Value).toEqual(['CT']);
    expect(series[0]['00201209'].Value).toEqual([2]);
    expect(uidsOf(await q('series', { Modality: ['MR'] }), '0020000E')).toEqual([`${study(2)}.1`]);
    const instances = await q('instances', { SOPInstanceUID: [`${study(3)}.1.2`] }, { includeField: ['ImageType', '00280103'] });
    expect(instances).toHaveLength(1);
    expect(instances[0]['00280010'].Value).toEqual([8]);
    expect(instances[0]['00280100'].Value).toEqual([16]);
    expect(instances[0]['00080016'].Value).toEqual(['1.2.840.10008.5.1.4.1.1.2']);
    expect(instances[0]['00280103'].Value).toEqual([1]);
    const all = await q('instances', {}, { studyInstanceUid: study(2), seriesInstanceUid: `${study(2)}.1`, includeField: 'all' });
    expect(uidsOf(all, '00080018')).toEqual([`${study(2)}.1.1`, `${study(2)}.1.2`]);
    expect(all[0]['00100020'].Value).toEqual(['P2']);
  });
});

describe('QIDO-RS with an instance whose stored entry cannot be read', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  let ds: string;
  const series = `${study(7)}.1`;
  const sop = (k: number) => `${series}.${k}`;

  beforeAll(async () => {
    env = await tempStore();
    ds = await env.store.ensureDatastore('broken');
    for (let k = 1; k <= 4; k++) {
      await env.store.storeInstance(ds, syntheticPart10({ study: study(7), series, sop: sop(k), instanceNumber: k }));
    }
    const db = new Database(path.join(env.dataDir, 'index.sqlite'));
    db.prepare('UPDATE instances SET entry = ? WHERE sop_uid = ?').run('{ not json', sop(2));
    db.close();
  });
  afterAll(() => env.dispose());

  const instances = (options: QidoOptions, extra: Partial<QidoQuery> = {}) =>
    env.store.qido(ds, { level: 'instances', match: {}, includeField: [], limit: 100, offset: 0, ...extra }, options);

  it('leaves it out, names it with its place in the answer, and answers for its neighbours', async () => {
    const unreadable: UnreadableQidoRow[] = [];
    const results = await instances({ onUnreadable: (row) => unreadable.push(row) });
    expect(uidsOf(results, '00080018')).toEqual([sop(1), sop(3), sop(4)]);
    expect(unreadable.map(({ sopInstanceUid, position }) => ({ sopInstanceUid, position }))).toEqual([
      { sopInstanceUid: sop(2), position: 1 },
    ]);
  });

  it('keeps its place for paging: offset and limit count it', async () => {
    const unreadable: UnreadableQidoRow[] = [];
    const page = await instances({ onUnreadable: (row) => unreadable.push(row) }, { offset: 1, limit: 2 });
    expect(uidsOf(page, '00080018')).toEqual([sop(3)]);
    expect(unreadable.map((u) => [u.sopInstanceUid, u.position])).toEqual([[sop(2), 0]]);
  });

  it('fails the query when the caller does not take unreadable instances', async () => {
    await expect(instances({})).rejects.toThrow(/JSON/);
  });
});
