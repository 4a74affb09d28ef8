import { DicomError, readPart10 } from '@triage/dicom';
import type { DatastoreId } from '@triage/dicom';
import { randomUUID } from 'node:crypto';
import { IngestRefusedError, type IngestBatchId } from '@triage/healthimaging';
import type { FastifyBaseLogger } from 'fastify';
import type { ImageStore } from '../app/api-context';
import type { FailedInstance, MultipartPart, StoredInstance } from '@triage/dicomweb';
import { FailureStatus, mediaTypeOf } from '@triage/dicomweb';

/** What storing one part needs to know. */
export interface StorePartContext {
  store: ImageStore;
  datastoreId: DatastoreId;
  /** The study of the URL (POST /studies/{study}); instances of other studies are refused. */
  study?: string;
  partLimitBytes: number;
  /** Builds the RetrieveURL of a stored instance. */
  retrieveUrl(study: string, series: string, instance: string): string;
  log: FastifyBaseLogger;
}

/** One ingest batch per STOW-RS request: the route builds one retrieveUrl per request and hands it to each of its parts. */
const batches = new WeakMap<StorePartContext['retrieveUrl'], IngestBatchId>();
function batchOf(context: StorePartContext): IngestBatchId {
  let batch = batches.get(context.retrieveUrl);
  if (!batch) batches.set(context.retrieveUrl, (batch = randomUUID() as IngestBatchId));
  return batch;
}

/** The outcome of one part: stored (or already there with the same bytes), or refused with a reason. */
export type PartOutcome = ({ ok: true; status: 'stored' | 'unchanged' } & StoredInstance) | ({ ok: false } & FailedInstance);

/**
 * Checks one STOW-RS part (media type, size, a readable DICOM header, the study of the URL) and
 * hands it to the store. Every refusal names the part and what is wrong; a refused part is never
 * stored.
 */
export async function storePart(part: MultipartPart, context: StorePartContext): Promise<PartOutcome> {
  const source = `part ${part.index + 1}`;
  const refuse = (failureReason: number, reason: string, sopClassUid?: string, sopInstanceUid?: string): PartOutcome => ({
    ok: false,
    failureReason,
    reason: `${source}: ${reason}`,
    sopClassUid,
    sopInstanceUid,
  });
  if (part.oversize)
    return refuse(
      FailureStatus.OutOfResources,
      `the instance is ${part.size} bytes, over the limit of ${context.partLimitBytes} bytes per instance`,
    );
  const mediaType = mediaTypeOf(part.headers['content-type']);
  if (mediaType !== undefined && mediaType !== 'application/dicom')
    return refuse(FailureStatus.CannotUnderstand, `Content-Type ${mediaType} is not application/dicom`);
  if (part.body.length === 0) return refuse(FailureStatus.CannotUnderstand, 'the part is empty');

  let sopClassUid: string | undefined;
  let sopInstanceUid: string | undefined;
  let study: string | undefined;
  try {
    // The header only: enough to answer for the instance and to check its study before storing.
    const header = readPart10(part.body, { source, untilTag: 'x7fe00010' }).dataSet;
    sopClassUid = header.string('x00080016')?.trim() || header.string('x00020002')?.trim();
    sopInstanceUid = header.string('x00080018')?.trim() || header.string('x00020003')?.trim();
    study = header.string('x0020000d')?.trim();
  } catch (error) {
    // Reading a header only reads the part's bytes: whatever it throws (dicom-parser throws plain strings) is the part's refusal.
    const why = error instanceof DicomError ? error.reason : error instanceof Error ? error.message : String(error);
    return refuse(FailureStatus.CannotUnderstand, `not a readable DICOM instance: ${why}`);
  }
  if (context.study !== undefined && study !== context.study) {
    return refuse(
      FailureStatus.CannotUnderstand,
      `its StudyInstanceUID ${study ?? '(missing)'} is not the study of the URL, ${context.study}`,
      sopClassUid,
      sopInstanceUid,
    );
  }

  try {
    const outcome = await context.store.storeInstance(context.datastoreId, part.body, { source, batch: batchOf(context) });
    return {
      ok: true,
      status: outcome.status,
      sopClassUid: outcome.sopClassUid,
      sopInstanceUid: outcome.sopInstanceUid,
      retrieveUrl: context.retrieveUrl(outcome.studyInstanceUid, outcome.seriesInstanceUid, outcome.sopInstanceUid),
    };
  } catch (error) {
    if (error instanceof IngestRefusedError) {
      return refuse(
        error.status,
        error.reason.startsWith(source) ? error.reason.slice(source.length + 2) : error.reason,
        error.sopClassUid ?? sopClassUid,
        error.sopInstanceUid ?? sopInstanceUid,
      );
    }
    // Not the instance's fault (disk, codec worker): say so without leaking internals, log the rest.
    context.log.error({ err: error, part: part.index + 1, sopInstanceUid }, 'STOW-RS: storing an instance failed');
    return refuse(
      FailureStatus.ProcessingFailure,
      'the server failed to store it; the server log has the details',
      sopClassUid,
      sopInstanceUid,
    );
  }
}
