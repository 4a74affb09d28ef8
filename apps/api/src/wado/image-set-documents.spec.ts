import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ImageSetId } from '@triage/dicom';
import { LocalHealthImaging } from '@triage/healthimaging';
import { fixtureInstance } from '../test-support/read-fixtures';
import { ImageSetDocuments } from './image-set-documents';

describe('ImageSetDocuments', () => {
  let dataDir: string;
  let store: LocalHealthImaging;
  let loads: string[];
  let laterMs = 0;
  let documents: (maxInstances: number) => ImageSetDocuments;
  const imageSets: ImageSetId[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-docs-'));
    store = await LocalHealthImaging.open({ dataDir });
    const datastoreId = await store.ensureDatastore('docs');
    // Three studies: two of one instance, one of three.
    for (const [study, count] of [
      [1, 1],
      [2, 1],
      [3, 3],
    ] as const) {
      let imageSetId = '';
      for (let i = 1; i <= count; i++) {
        const outcome = await store.storeInstance(
          datastoreId,
          fixtureInstance({
            studyUid: `1.2.3.${study}`,
            seriesUid: `1.2.3.${study}.1`,
            sopUid: `1.2.3.${study}.1.${i}`,
            instanceNumber: i,
          }),
        );
        imageSetId = outcome.imageSetId;
      }
      imageSets.push(imageSetId);
    }
    // Counts the metadata documents actually read from the store.
    const counting = new Proxy(store, {
      get(target, key, receiver) {
        if (key === 'getImageSetMetadata')
          return (input: { imageSetId: string }) => (loads.push(input.imageSetId), target.getImageSetMetadata(input as never));
        // The image set as updated `laterMs` after it really was (what a later commit of its batch, or the end of its transcoding, does).
        if (key === 'getImageSet')
          return async (input: never) => {
            const out = await target.getImageSet(input);
            return { ...out, updatedAt: new Date((out.updatedAt as Date).getTime() + laterMs) };
          };
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    documents = (maxInstances) => new ImageSetDocuments(counting, datastoreId, () => '', maxInstances);
  });

  beforeEach(() => {
    loads = [];
    laterMs = 0;
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads each version once while the budget holds them all', async () => {
    const docs = documents(10);
    for (const id of [...imageSets, ...imageSets]) await docs.get(id);
    expect(loads).toEqual(imageSets);
  });

  it('evicts the least recently used documents by instance count, keeping the newest even when it alone is over budget', async () => {
    const docs = documents(2);
    const [one, two, three] = imageSets;
    await docs.get(one);
    await docs.get(two); // 2 instances cached: both stay
    await docs.get(one); // one is now the most recent
    await docs.get(three); // 3 instances: over budget alone, evicts two and one
    await docs.get(three);
    await docs.get(one);
    expect(loads).toEqual([one, two, three, one]);
  });

  it('reads a version again once its image set was updated (the version extended, or its frame sizes recorded), then keeps it', async () => {
    const docs = documents(10);
    const [one] = imageSets;
    await docs.get(one);
    await docs.get(one);
    laterMs = 1000;
    const updated = await docs.get(one);
    await docs.get(one);
    expect(loads).toEqual([one, one]);
    expect(updated.stamp).toMatch(/^\d+@\d+$/);
  });
});
