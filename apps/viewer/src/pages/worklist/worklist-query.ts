import type { WorklistItem, WorklistQuery, WorklistSortKey } from '@triage/catalog';
import type { ImageSetId } from '@triage/dicom';

/** What the viewer sends to `POST /api/worklist/search`: the catalog's query without the datastore (the server's). */
export type WorklistSearch = Omit<WorklistQuery, 'datastoreId'>;

/** The worklist's query lives in memory only (it holds patient names, which never go into URLs), so it survives a visit to a study. */
export const worklistState: { query: WorklistSearch } = { query: { sort: 'priority', order: 'desc', limit: 25, offset: 0 } };

/** Items seen on the worklist, so opening one needs no extra round trip before its first image. */
const seen = new Map<ImageSetId, WorklistItem>();

/** Remembers the items of the page shown. */
export function rememberItems(items: readonly WorklistItem[]): void {
  for (const item of items) seen.set(item.imageSetId, item);
}

/** An item seen on the worklist, if any. */
export function seenItem(imageSetId: ImageSetId): WorklistItem | undefined {
  return seen.get(imageSetId);
}

/** The query sorted by `key`: the same key again flips the order; a new key starts with its natural order. */
export function sortedBy(query: WorklistSearch, key: WorklistSortKey): WorklistSearch {
  const natural: 'asc' | 'desc' = key === 'priority' || key === 'studyDate' || key === 'instances' || key === 'updatedAt' ? 'desc' : 'asc';
  const order = query.sort === key ? (query.order === 'asc' ? 'desc' : 'asc') : natural;
  return { ...query, sort: key, order, offset: 0 };
}

/** The query moved by whole pages (never before the first). */
export function paged(query: WorklistSearch, pages: number): WorklistSearch {
  const limit = query.limit ?? 25;
  return { ...query, offset: Math.max(0, (query.offset ?? 0) + pages * limit) };
}
