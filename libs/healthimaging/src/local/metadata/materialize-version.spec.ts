import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { numberedInstances } from '@triage/test-support';
import { readMetadata } from '../test-support/read-metadata';
import { tempStore } from '../test-support/temp-store';
import { DataLayout } from '../storage/data-layout';
import { openIndex } from '../storage/open-index';
import { materializeVersion, parseEntry, type UnreadableEntry } from './materialize-version';

describe('materializeVersion with a damaged instance row', () => {
  it('leaves that instance out and reports it; the others and GetImageSetMetadata stay whole', async () => {
    const { store, dataDir, dispose } = await tempStore();
    try {
      const datastoreId = await store.ensureDatastore('default');
      const [good, broken, last] = [...numberedInstances({ count: 3, run: 4242 })];
      for (const instance of [good, broken, last]) await store.storeInstance(datastoreId, instance.bytes);
      const [location] = await store.locateInstances(datastoreId, good.studyInstanceUid);
      const db = new Database(path.join(dataDir, 'index.sqlite'));
      try {
        db.prepare('UPDATE instances SET entry = ? WHERE sop_uid = ?').run('{"patient": {', broken.sopInstanceUid);
      } finally {
        db.close();
      }
      fs.rmSync(path.join(dataDir, 'datastores', datastoreId, 'imagesets'), { recursive: true, force: true });

      const doc = await readMetadata(store, datastoreId, location.imageSetId);
      expect(Object.keys(doc.Study.Series[good.seriesInstanceUid].Instances)).toEqual([good.sopInstanceUid, last.sopInstanceUid]);

      const index = openIndex(path.join(dataDir, 'index.sqlite'));
      try {
        const reported: UnreadableEntry[] = [];
        const version = await store.getImageSet({ datastoreId, imageSetId: location.imageSetId });
        materializeVersion(index, new DataLayout(dataDir), datastoreId, location.imageSetId, Number(version.versionId), (u) =>
          reported.push(u),
        );
        expect(reported).toEqual([
          {
            seriesUid: broken.seriesInstanceUid,
            sopUid: broken.sopInstanceUid,
            reason: expect.stringMatching(/^its stored entry is not JSON: /) as string,
          },
        ]);
      } finally {
        index.close();
      }
    } finally {
      await dispose();
    }
  }, 60_000);
});

describe('parseEntry', () => {
  it.each([
    ['not JSON', '{', /^its stored entry is not JSON: /],
    ['null', 'null', /^its stored entry is not an instance entry$/],
    [
      'an entry without its instance',
      '{"patient":{},"study":{},"seriesUid":"1","series":{},"sopUid":"2"}',
      /^its stored entry is not an instance entry$/,
    ],
    [
      'frames that are not a list',
      '{"patient":{},"study":{},"seriesUid":"1","series":{},"sopUid":"2","instance":{"DICOM":{},"ImageFrames":{}}}',
      /^its stored entry is not an instance entry$/,
    ],
  ])('%s: says why', (_what, entry, reason) => {
    expect(parseEntry({ entry })).toMatch(reason);
  });

  it('a well-formed entry: the entry', () => {
    const entry = { patient: {}, study: {}, seriesUid: '1', series: {}, sopUid: '2', instance: { DICOM: {}, ImageFrames: [] } };
    expect(parseEntry({ entry: JSON.stringify(entry) })).toEqual(entry);
  });
});
