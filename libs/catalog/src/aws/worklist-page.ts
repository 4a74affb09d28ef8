import type { WorklistPage, WorklistSortKey } from '../catalog';
import type { CheckedWorklistQuery } from '../worklist/check-worklist-query';
import { searchText } from '../worklist/search-text';
import { worklistItemOf, type HeadItem, type StoredSummary } from './catalog-items';

/** A head on the worklist (one that holds a summary). */
export type WorklistHead = HeadItem & { summary: StoredSummary };

type SortValue = string | number | undefined;

/** What each sort key orders by; `undefined` is a missing value, last in both directions (as the local catalog). */
const SORT_VALUES: Record<WorklistSortKey, (h: WorklistHead) => SortValue> = {
  priority: (h) => h.prediction?.priority,
  studyDate: (h) => h.summary.studyDate,
  patientName: (h) => h.summary.patientNameSearch,
  modality: (h) => h.summary.modalitiesKey,
  studyDescription: (h) => h.summary.descriptionSearch,
  instances: (h) => h.summary.instances,
  updatedAt: (h) => h.summary.updatedAt,
};

/**
 * One worklist page over a datastore's heads, filtered and sorted here: the same rules as the
 * local catalog's SQL (filters ANDed, missing values last, priority ties to the newest study,
 * every other tie to the image set id; text compared as SQLite's BINARY collation does).
 */
export function worklistPageOf(heads: readonly WorklistHead[], query: CheckedWorklistQuery): WorklistPage {
  const matches = heads.filter(matcher(query));
  const sortValue = SORT_VALUES[query.sort];
  const direction = query.order === 'desc' ? -1 : 1;
  const ordered = matches
    .map((head) => ({ head, value: sortValue(head) }))
    .sort(
      (a, b) =>
        compareMissingLast(a.value, b.value, direction) ||
        (query.sort === 'priority' ? compareMissingLast(a.head.summary.studyDate, b.head.summary.studyDate, -1) : 0) ||
        compareText(a.head.imageSetId, b.head.imageSetId),
    );
  return {
    items: ordered.slice(query.offset, query.offset + query.limit).map(({ head }) => worklistItemOf(head)),
    total: matches.length,
    offset: query.offset,
    limit: query.limit,
  };
}

function matcher(query: CheckedWorklistQuery): (h: WorklistHead) => boolean {
  const name = query.patientName ? searchText(query.patientName) : undefined;
  const description = query.description ? searchText(query.description) : undefined;
  return (h) => {
    const s = h.summary;
    if (name !== undefined && !(s.patientNameSearch ?? '').includes(name)) return false;
    if (description !== undefined && !(s.descriptionSearch ?? '').includes(description)) return false;
    if (query.studyDateFrom && !(s.studyDate !== undefined && compareText(s.studyDate, query.studyDateFrom) >= 0)) return false;
    if (query.studyDateTo && !(s.studyDate !== undefined && compareText(s.studyDate, query.studyDateTo) <= 0)) return false;
    if (query.modality && !s.modalities.includes(query.modality)) return false;
    if (query.verification && (h.verified?.verification ?? 'unverified') !== query.verification) return false;
    return true;
  };
}

function compareMissingLast(a: SortValue, b: SortValue, direction: 1 | -1): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : compareText(String(a), String(b));
  return Math.sign(c) * direction;
}

/**
 * Text in code point order (what SQLite's BINARY collation over UTF-8 gives): JavaScript's `<`
 * compares UTF-16 units, which puts a character beyond U+FFFF before U+E000-U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs && !ys && y >= 0xe000) return 1;
    if (ys && !xs && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}
