import type { WorklistQuery } from '../catalog';
import type { CatalogContractOptions, CatalogUnderTest } from './catalog-under-test';
import { expectCatalogError } from './expect-catalog-error';
import { FIXTURE_ITEMS, FIXTURE_VERIFICATION, fixtureStudyUid, fixtureSummary, seedFixture, WORKLIST_TABLE } from './worklist-fixture';

/** The worklist: the fixture's table of queries and answers, paging and totals, refused queries, record and remove. */
export function worklistContract(options: CatalogContractOptions): void {
  describe('worklist', () => {
    let u: CatalogUnderTest;
    beforeAll(async () => {
      u = await options.open();
      await seedFixture(u.catalog, u.datastoreId);
      // The same patient in another datastore must never show.
      await u.catalog.recordImageSet({ ...fixtureSummary(u.otherDatastoreId, FIXTURE_ITEMS[0]), imageSetId: 'elsewhere' });
    });
    afterAll(async () => {
      await u.dispose();
    });
    const search = (query: Omit<WorklistQuery, 'datastoreId'>) => u.catalog.worklist({ datastoreId: u.datastoreId, ...query });

    it.each(WORKLIST_TABLE.map((row) => [row.name, row]))('%s', async (_name, row) => {
      const page = await search(row.query);
      expect(page.items.map((i) => i.imageSetId)).toEqual(row.ids);
      expect(page.total).toBe(row.ids.length);
    });

    it('shows each item as recorded, with its label, prediction and verification', async () => {
      const { items } = await search({ limit: 500 });
      for (const item of items) {
        const fixture = FIXTURE_ITEMS.find((f) => f.id === item.imageSetId);
        expect(fixture).toBeDefined();
        if (!fixture) continue;
        const { modalities, ...summary } = fixtureSummary(u.datastoreId, fixture);
        expect(item).toMatchObject(summary);
        expect([...item.modalities].sort()).toEqual([...modalities].sort());
        expect(item.verification).toBe(FIXTURE_VERIFICATION[item.imageSetId] ?? 'unverified');
        expect(item.prediction?.priority).toBe(fixture.prediction?.priority);
        expect(item.prediction?.finding).toBe(fixture.prediction?.finding);
        expect(item.label?.finding).toBe(fixture.label?.finding);
        expect(item.label?.studyInstanceUid).toBe(fixture.label && fixtureStudyUid(fixture.id));
      }
      expect(await u.catalog.getWorklistItem(u.datastoreId, 'ws03')).toEqual(items.find((i) => i.imageSetId === 'ws03'));
      expect(await u.catalog.getWorklistItem(u.datastoreId, 'elsewhere')).toBeUndefined();
    });

    it.each<[Omit<WorklistQuery, 'datastoreId'> & { limit: number; offset: number }, string[]]>([
      [{ limit: 5, offset: 0 }, ['ws12', 'ws01', 'ws02', 'ws08', 'ws04']],
      [{ limit: 5, offset: 5 }, ['ws09', 'ws11', 'ws03', 'ws06', 'ws10']],
      [{ limit: 5, offset: 10 }, ['ws05', 'ws07']],
      [{ limit: 5, offset: 12 }, []],
      [{ limit: 2, offset: 1, modality: 'DX' }, ['ws11', 'ws03']],
    ])('pages %j with the total of every match', async (query, ids) => {
      const page = await search(query);
      expect(page.items.map((i) => i.imageSetId)).toEqual(ids);
      expect([page.total, page.offset, page.limit]).toEqual([query.modality ? 5 : 12, query.offset, query.limit]);
    });

    it('answers 50 at most by default', async () => {
      expect(await search({})).toMatchObject({ offset: 0, limit: 50, total: 12 });
    });

    it.each([
      ['limit 0', { limit: 0 }, /limit must be an integer from 1 to 500/],
      ['limit 501', { limit: 501 }, /limit must be an integer from 1 to 500/],
      ['limit 1.5', { limit: 1.5 }, /limit must be an integer/],
      ['offset -1', { offset: -1 }, /offset must be a non-negative integer/],
      ['an unknown sort', { sort: 'age' }, /sort must be one of priority, studyDate/],
      ['an unknown order', { order: 'up' }, /order must be asc or desc/],
      ['a date with dashes', { studyDateFrom: '2024-01-01' }, /studyDateFrom must be a date as YYYYMMDD/],
      ['a range backwards', { studyDateFrom: '20240201', studyDateTo: '20240101' }, /studyDateFrom 20240201 is after studyDateTo 20240101/],
      ['an unknown verification', { verification: 'maybe' }, /verification must be one of unverified, confirmed, corrected/],
    ])('refuses %s (ValidationException)', async (_name, query, message) => {
      await expectCatalogError(search(query as Omit<WorklistQuery, 'datastoreId'>), 'ValidationException', message);
    });
  });

  describe('worklist items: record and remove', () => {
    let u: CatalogUnderTest;
    beforeEach(async () => {
      u = await options.open();
    });
    afterEach(async () => {
      await u.dispose();
    });

    it('replaces an item with its newer summary, ignores an older one, and keeps labels and predictions when it is removed', async () => {
      const first = fixtureSummary(u.datastoreId, FIXTURE_ITEMS[2]);
      await u.catalog.recordImageSet(first);
      await u.catalog.recordImageSet(first);
      const newer = { ...first, instances: 3, series: 2, modalities: ['DX', 'PR'], updatedAt: '2024-06-02T00:00:00.000Z' };
      await u.catalog.recordImageSet(newer);
      await u.catalog.recordImageSet({ ...first, instances: 99 });
      expect(await u.catalog.getWorklistItem(u.datastoreId, first.imageSetId)).toMatchObject({
        instances: 3,
        series: 2,
        modalities: ['DX', 'PR'],
      });
      expect((await u.catalog.worklist({ datastoreId: u.datastoreId, modality: 'PR' })).total).toBe(1);
      const key = { datastoreId: u.datastoreId, imageSetId: first.imageSetId };
      await u.catalog.setLabel({
        key,
        studyInstanceUid: first.studyInstanceUid,
        finding: 'normal',
        origin: { kind: 'import', source: 'csv' },
      });
      await u.catalog.removeImageSet(u.datastoreId, first.imageSetId);
      await u.catalog.removeImageSet(u.datastoreId, first.imageSetId);
      expect(await u.catalog.getWorklistItem(u.datastoreId, first.imageSetId)).toBeUndefined();
      expect((await u.catalog.worklist({ datastoreId: u.datastoreId })).total).toBe(0);
      expect((await u.catalog.worklist({ datastoreId: u.datastoreId, modality: 'PR' })).total).toBe(0);
      expect((await u.catalog.labelHistory(key)).map((l) => l.finding)).toEqual(['normal']);
    });

    it.each([
      ['no image set id', { imageSetId: '' }, /imageSetId must be 1 to 64 characters/],
      ['a study UID that is not one', { studyInstanceUid: 'abc' }, /studyInstanceUid must be a DICOM UID/],
      ['a negative count', { instances: -1 }, /instances must be a non-negative integer/],
      ['a study date with dashes', { studyDate: '2024-01-01' }, /studyDate must be YYYYMMDD/],
      ['no modalities list', { modalities: 'CT' }, /modalities must be a list/],
    ])('refuses a summary with %s (ValidationException)', async (_name, change, message) => {
      const bad = { ...fixtureSummary(u.datastoreId, FIXTURE_ITEMS[0]), ...change } as Parameters<typeof u.catalog.recordImageSet>[0];
      await expectCatalogError(u.catalog.recordImageSet(bad), 'ValidationException', message);
      expect((await u.catalog.worklist({ datastoreId: u.datastoreId })).total).toBe(0);
    });
  });
}
