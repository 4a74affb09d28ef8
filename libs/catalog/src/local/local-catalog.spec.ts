import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CatalogChange } from '../catalog';
import { predictionOf } from '../test-support/contract-labels';
import { FIXTURE_ITEMS, fixtureSummary } from '../test-support/worklist-fixture';
import { LocalCatalog } from './local-catalog';

// What only the local implementation has: the change listener the API's live worklist hangs on.
describe('LocalCatalog onChanged', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-local-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tells every committed change by image set, and nothing for a stale summary, a refusal or an instance', async () => {
    const changes: string[] = [];
    const catalog = await LocalCatalog.open({
      file: path.join(dir, 'catalog.db'),
      onChanged: (c: CatalogChange) => changes.push(`${c.datastoreId}/${c.imageSetId}:${c.change}`),
    });
    const summary = fixtureSummary('ds', FIXTURE_ITEMS[0]);
    const key = { datastoreId: 'ds', imageSetId: summary.imageSetId };
    await catalog.recordImageSet(summary);
    await catalog.recordImageSet({ ...summary, instances: 2, updatedAt: '2030-01-01T00:00:00.000Z' });
    await catalog.recordImageSet(summary);
    await catalog.putPrediction(predictionOf(key, 'm', 'normal', 0.2, '2024-06-01T10:00:00.000Z'));
    await catalog.setLabel({ key, studyInstanceUid: summary.studyInstanceUid, finding: 'normal', origin: { kind: 'import', source: 't' } });
    await catalog.setLabel({
      key: { ...key, sopInstanceUid: '1.2.3' },
      studyInstanceUid: summary.studyInstanceUid,
      finding: 'normal',
      origin: { kind: 'import', source: 't' },
    });
    await expect(
      catalog.setLabel({ key, studyInstanceUid: summary.studyInstanceUid, finding: 'x', origin: { kind: 'import', source: 't' } }),
    ).rejects.toThrow();
    await catalog.removeImageSet('ds', summary.imageSetId);
    await catalog.removeImageSet('ds', summary.imageSetId);
    expect(changes).toEqual(['ds/ws01:created', 'ds/ws01:updated', 'ds/ws01:prediction', 'ds/ws01:label', 'ds/ws01:removed']);
    await catalog.close();
  });

  it('keeps a committed change when the listener throws', async () => {
    const catalog = await LocalCatalog.open({
      file: path.join(dir, 'catalog.db'),
      onChanged: () => {
        throw new Error('listener broke');
      },
    });
    const summary = fixtureSummary('ds', FIXTURE_ITEMS[1]);
    await expect(catalog.recordImageSet(summary)).resolves.toBeUndefined();
    expect(await catalog.getWorklistItem('ds', summary.imageSetId)).toMatchObject({ instances: summary.instances });
    await catalog.close();
    await expect(catalog.worklist({ datastoreId: 'ds' })).rejects.toThrow('the catalog is closed');
  });
});
