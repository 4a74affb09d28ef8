import type { DatastoreId, DicomJsonDataset } from '@triage/dicom';
import type { QidoQuery } from '@triage/dicomweb';
import type { DicomQuery } from '@triage/healthimaging';
import { HealthImagingError } from '@triage/healthimaging';
import { errorDetail, type UnreadableInstance } from '../wado/unreadable-instances';

/** One position of a QIDO answer: a result, or an instance that could not be turned into one. */
export type QidoPosition = { result: DicomJsonDataset } | { unreadable: UnreadableInstance };

/** The most single-instance queries spent naming the instances a query failed on. */
const MAX_NAMING_QUERIES = 2000;

/**
 * Runs a QIDO query; when the store fails on it at the instance level (one stored instance whose
 * attributes cannot be converted fails the whole query), narrows the failure down by halving the
 * page until each failing position is one instance, and names those by querying the scope's
 * instances one at a time. The positions keep the store's order, offset and limit. A refusal of
 * the query itself (400) is thrown as it is.
 */
export async function isolatedQido(store: DicomQuery, datastoreId: DatastoreId, query: QidoQuery): Promise<QidoPosition[]> {
  try {
    return (await store.qido(datastoreId, query)).map((result) => ({ result }));
  } catch (error) {
    if (query.level !== 'instances' || isRefusal(error)) throw error;
  }
  const positions = await bisect(store, datastoreId, query, query.offset, query.limit);
  await nameFailures(store, datastoreId, query, positions);
  return positions;
}

async function bisect(
  store: DicomQuery,
  datastoreId: DatastoreId,
  query: QidoQuery,
  offset: number,
  limit: number,
): Promise<QidoPosition[]> {
  try {
    return (await store.qido(datastoreId, { ...query, offset, limit })).map((result) => ({ result }));
  } catch (error) {
    if (isRefusal(error)) throw error;
    if (limit <= 1) return [{ unreadable: { sopInstanceUid: `at result ${offset + 1}`, reason: 'metadata', detail: errorDetail(error) } }];
    const half = Math.ceil(limit / 2);
    const first = await bisect(store, datastoreId, query, offset, half);
    // Fewer positions than asked: the results ended inside the first half.
    if (first.length < half) return first;
    return [...first, ...(await bisect(store, datastoreId, query, offset + half, limit - half))];
  }
}

/**
 * Gives each failing position the SOP Instance UID of an instance of the scope, not in the answer,
 * that fails alone with the same error, in index order (two instances outside and inside the page
 * broken the same way may be told apart wrongly; the position stays right).
 */
async function nameFailures(store: DicomQuery, datastoreId: DatastoreId, query: QidoQuery, positions: QidoPosition[]): Promise<void> {
  const failures = positions.flatMap((p) => ('unreadable' in p ? [p.unreadable] : []));
  if (failures.length === 0) return;
  const results = positions.flatMap((p) => ('result' in p ? [p.result] : []));
  const answered = new Set(results.map((r) => String(r['00080018']?.Value?.[0])));
  const studies = new Set<string>(
    query.studyInstanceUid
      ? [query.studyInstanceUid]
      : (query.match['StudyInstanceUID'] ?? query.match['0020000D'] ?? results.map((r) => String(r['0020000D']?.Value?.[0]))),
  );
  const asked = query.match['SOPInstanceUID'] ?? query.match['00080018'];
  const match = { ...query.match };
  delete match['00080018'];
  let spent = 0;
  const named = new Set<UnreadableInstance>();
  for (const study of studies) {
    for (const location of await store.locateInstances(datastoreId, study, query.seriesInstanceUid)) {
      const sop = location.sopInstanceUid;
      if (named.size === failures.length || spent === MAX_NAMING_QUERIES) return;
      if (answered.has(sop) || (asked && !asked.includes(sop))) continue;
      spent++;
      try {
        await store.qido(datastoreId, { ...query, match: { ...match, SOPInstanceUID: [sop] }, offset: 0, limit: 1 });
      } catch (error) {
        if (isRefusal(error)) throw error;
        const failure = failures.find((f) => !named.has(f) && f.detail === errorDetail(error));
        if (failure) {
          failure.sopInstanceUid = sop;
          named.add(failure);
        }
      }
    }
  }
}

function isRefusal(error: unknown): boolean {
  return error instanceof HealthImagingError && error.httpStatus === 400;
}
