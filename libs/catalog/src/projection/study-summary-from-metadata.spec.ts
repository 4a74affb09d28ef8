import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalHealthImaging } from '@triage/healthimaging';
import { generateChestRadiograph, generateCtSeries } from '@triage/sample-data';
import { studySummaryFromMetadata } from './study-summary-from-metadata';
import { studySummaryOf } from './study-summary-of';

// On AWS the image-ingestion function projects with the HealthImaging API alone; locally the projector reads QIDO rows.
// Both must give the worklist the same item for the same image set: a real embedded store answers both.
describe('the worklist summary from the metadata document alone', () => {
  let dir: string;
  let store: LocalHealthImaging;
  let datastoreId: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-summary-metadata-'));
    // Transcoding held: the last frame of an image set transcoded moves its updatedAt, here between the two projections.
    store = await LocalHealthImaging.open({ dataDir: path.join(dir, 'store'), transcode: 'paused' });
    datastoreId = await store.ensureDatastore('summary');
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('equals the QIDO projection for a chest DX and for a CT series of 12 slices', async () => {
    const chest = generateChestRadiograph({ seed: 'summary-metadata', index: 0, size: 64, label: 'normal' });
    const chestSet = (await store.storeInstance(datastoreId, chest.bytes)).imageSetId;
    let ctSet = '';
    for (const slice of [...generateCtSeries({ seed: 'summary-metadata', slices: 50, rows: 64, columns: 64 })].slice(0, 12))
      ctSet = (await store.storeInstance(datastoreId, slice.bytes)).imageSetId;
    for (const imageSetId of [chestSet, ctSet]) {
      const fromQido = await studySummaryOf(store, datastoreId, imageSetId);
      expect(fromQido).toBeDefined();
      expect(await studySummaryFromMetadata(store, datastoreId, imageSetId)).toEqual(fromQido);
    }
  });

  it('is undefined for an image set that does not exist', async () => {
    expect(await studySummaryFromMetadata(store, datastoreId, '0'.repeat(32))).toBeUndefined();
  });
});
