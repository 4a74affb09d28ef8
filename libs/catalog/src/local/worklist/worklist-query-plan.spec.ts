import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WORKLIST_SORT_KEYS } from '../../catalog';
import { checkWorklistQuery } from '../../worklist/check-worklist-query';
import { openCatalogDb, type CatalogDb } from '../storage/open-catalog-db';
import { FILTER_FIRST_MAX, worklistPageSql } from './search-worklist';

// The worklist must stay fast at 100,000 items: every sort walks its own index (no sort of the
// whole table per page), and the selective filters look up an index. Timings go to the benchmark.
describe('worklist query plans', () => {
  let dir: string;
  let db: CatalogDb;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-plan-'));
    db = openCatalogDb(path.join(dir, 'catalog.db'));
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const plan = (query: Parameters<typeof checkWorklistQuery>[0], total?: number) => {
    const { sql, params } = worklistPageSql(checkWorklistQuery(query), total);
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');
  };

  it.each(WORKLIST_SORT_KEYS.flatMap((sort) => (['asc', 'desc'] as const).map((order) => [sort, order] as const)))(
    'sort %s %s walks its index without a sort step',
    (sort, order) => {
      const detail = plan({ datastoreId: 'ds', sort, order });
      expect(detail).toContain(`USING INDEX worklist_by_${sort}_${order}`);
      expect(detail).not.toContain('TEMP B-TREE');
    },
  );

  it.each([
    ['modality', { modality: 'CT' }, 'SEARCH m USING PRIMARY KEY (datastore_id=? AND modality=?)'],
    [
      'date range',
      { studyDateFrom: '20240101', studyDateTo: '20240131', sort: 'studyDate' as const },
      'USING INDEX worklist_by_studyDate_desc (datastore_id=? AND study_date>? AND study_date<?)',
    ],
  ])('a %s filter is an index lookup', (_name, filter, step) => {
    expect(plan({ datastoreId: 'ds', ...filter })).toContain(step);
  });

  it.each([
    ['a rare name', { patientName: 'doe' }],
    ['a rare description and modality', { description: 'chest', modality: 'DX' }],
    ['a rare verification, sorted by name', { verification: 'corrected' as const, sort: 'patientName' as const }],
  ])('with %s (few matches), reads the matches first and sorts only them', (_name, filter) => {
    const detail = plan({ datastoreId: 'ds', ...filter }, FILTER_FIRST_MAX);
    expect(detail).toMatch(/^MATERIALIZE matches/);
    expect(detail).toContain('SEARCH w USING PRIMARY KEY (datastore_id=? AND image_set_id=?)');
    expect(detail).toContain('USE TEMP B-TREE FOR ORDER BY');
    // The outer loop is the matches (one PK lookup each), not a walk of the whole worklist.
    expect(detail).toContain('SCAN matches\nSEARCH w USING PRIMARY KEY');
  });

  it('with many matches, walks the sort index as without a filter', () => {
    const detail = plan({ datastoreId: 'ds', patientName: 'doe' }, FILTER_FIRST_MAX + 1);
    expect(detail).toContain('USING INDEX worklist_by_priority_desc');
    expect(detail).not.toContain('TEMP B-TREE');
  });

  it('keeps label history immutable in the database itself', () => {
    db.prepare(
      "INSERT INTO labels (datastore_id, image_set_id, sop_instance_uid, version, study_uid, finding, origin, set_at) VALUES ('ds', 'is', '', 1, '1.2', 'normal', '{}', 'now')",
    ).run();
    expect(() => db.prepare("UPDATE labels SET finding = 'pneumonia'").run()).toThrow('labels are never updated');
    expect(() => db.prepare('DELETE FROM labels').run()).toThrow('labels are never deleted');
    expect(db.prepare('SELECT finding FROM labels').all()).toEqual([{ finding: 'normal' }]);
  });
});
