import type { WorklistPage } from '../../catalog';
import type { CheckedWorklistQuery } from '../../worklist/check-worklist-query';
import { searchText } from '../../worklist/search-text';
import type { CatalogDb } from '../storage/open-catalog-db';
import { statement } from '../storage/statements';
import { orderTerms } from './worklist-order';
import { worklistItemOf, type WorklistRow } from './worklist-rows';

/** The WHERE clause of a worklist query and its parameters; every filter is ANDed. */
export function worklistWhere(query: CheckedWorklistQuery): { sql: string; params: unknown[] } {
  const terms = ['datastore_id = ?'];
  const params: unknown[] = [query.datastoreId];
  // instr, not LIKE: a name or description holding % or _ must match itself, not a pattern.
  if (query.patientName) {
    terms.push('instr(patient_name_search, ?) > 0');
    params.push(searchText(query.patientName));
  }
  if (query.description) {
    terms.push('instr(description_search, ?) > 0');
    params.push(searchText(query.description));
  }
  if (query.studyDateFrom) {
    terms.push('study_date >= ?');
    params.push(query.studyDateFrom);
  }
  if (query.studyDateTo) {
    terms.push('study_date <= ?');
    params.push(query.studyDateTo);
  }
  if (query.modality) {
    terms.push('image_set_id IN (SELECT m.image_set_id FROM worklist_modalities m WHERE m.datastore_id = ? AND m.modality = ?)');
    params.push(query.datastoreId, query.modality);
  }
  if (query.verification) {
    terms.push('verification = ?');
    params.push(query.verification);
  }
  return { sql: terms.join(' AND '), params };
}

/**
 * Up to this many matches, a page is read by collecting the matches first and sorting them; beyond,
 * by walking the sort's index (the matches are dense enough that a page comes quickly). Either way
 * the answer is the same: this only picks the plan SQLite cannot pick without knowing the count
 * (a rare name walked along the priority index means a lookup per item in the worklist).
 */
export const FILTER_FIRST_MAX = 5000;

/** The SELECT of one worklist page, for a query with `total` matches (exported for the query-plan check). */
export function worklistPageSql(query: CheckedWorklistQuery, total = Number.POSITIVE_INFINITY): { sql: string; params: unknown[] } {
  const where = worklistWhere(query);
  const filtered = where.params.length > 1;
  if (filtered && total <= FILTER_FIRST_MAX)
    return {
      // CROSS JOIN keeps the matches as the outer loop: SQLite reads them through the filter's index, then sorts only them.
      sql: `WITH matches AS MATERIALIZED (SELECT image_set_id FROM worklist_items WHERE ${where.sql})
            SELECT w.* FROM matches CROSS JOIN worklist_items w ON w.datastore_id = ? AND w.image_set_id = matches.image_set_id
            ORDER BY ${orderTerms(query.sort, query.order, 'w.').join(', ')} LIMIT ? OFFSET ?`,
      params: [...where.params, query.datastoreId, query.limit, query.offset],
    };
  return {
    sql: `SELECT * FROM worklist_items WHERE ${where.sql} ORDER BY ${orderTerms(query.sort, query.order).join(', ')} LIMIT ? OFFSET ?`,
    params: [...where.params, query.limit, query.offset],
  };
}

/** One page of the worklist and how many items match in all, read in one transaction so the two agree. */
export function searchWorklist(db: CatalogDb, query: CheckedWorklistQuery): WorklistPage {
  return db.transaction(() => {
    const where = worklistWhere(query);
    const total =
      statement<unknown[], { n: number }>(db, `SELECT count(*) AS n FROM worklist_items WHERE ${where.sql}`).get(...where.params)?.n ?? 0;
    const page = worklistPageSql(query, total);
    const rows = total === 0 ? [] : statement<unknown[], WorklistRow>(db, page.sql).all(...page.params);
    return { items: rows.map((row) => worklistItemOf(db, row)), total, offset: query.offset, limit: query.limit };
  })();
}
