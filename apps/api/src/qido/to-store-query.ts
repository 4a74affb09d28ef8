import type { QidoQuery } from '@triage/dicomweb';
import type { QidoQuery as StoreQidoQuery } from '@triage/healthimaging';

/**
 * The store's query for a parsed QIDO-RS query. The two models match field for field today; the
 * mapping is spelled out so that either can change without the other noticing silently.
 */
export function toStoreQuery(query: QidoQuery, limit = query.limit): StoreQidoQuery {
  return {
    level: query.level,
    studyInstanceUid: query.studyInstanceUid,
    seriesInstanceUid: query.seriesInstanceUid,
    match: query.match,
    includeField: query.includeField,
    limit,
    offset: query.offset,
  };
}
