import type { ApiTarget } from '../client/api-target';
import { unreachable } from '../client/http';
import { storeInstances } from '../client/stow';
import { describeFailure } from '@triage/dicomweb';
import { CliError } from '../support/cli-error';
import type { BatchLimits, Outgoing } from './batches';
import { batches } from './batches';
import type { Candidate } from './find-files';
import type { FileOutcome } from './ingest-report';
import { sniffInstance } from './sniff-instance';

/** How an ingest runs. */
export interface IngestOptions extends BatchLimits {
  concurrency: number;
  /** Called after each request with the number of files it settled. */
  onProgress?: (files: number) => void;
}

/**
 * Decides which files look like DICOM: the Part 10 preamble, or a data set whose SOP Instance UID
 * reads. A file named on the command line is always sent; other non-DICOM files in a folder are skipped.
 */
export async function selectInstances(candidates: Candidate[]): Promise<{ send: Outgoing[]; skipped: FileOutcome[] }> {
  const send: Outgoing[] = [];
  const skipped: FileOutcome[] = [];
  for (const candidate of candidates) {
    const sniffed = await sniffInstance(candidate.path);
    if (candidate.explicit || sniffed.hasPreamble || sniffed.sopInstanceUid)
      send.push({ path: candidate.path, size: candidate.size, sopInstanceUid: sniffed.sopInstanceUid });
    else skipped.push({ path: candidate.path, status: 'skipped', reason: 'no DICM preamble and no readable data set' });
  }
  return { send, skipped };
}

/** Sends files by STOW-RS in batches, `concurrency` requests at a time; resolves to one outcome per file. */
export async function sendInstances(target: ApiTarget, files: Outgoing[], options: IngestOptions): Promise<FileOutcome[]> {
  const queue = batches(files, options);
  const outcomes: FileOutcome[] = [];
  let fatal: unknown;
  const worker = async (): Promise<void> => {
    for (let next = queue.next(); !next.done && !fatal; next = queue.next()) {
      try {
        const settled = await sendBatch(target, next.value);
        outcomes.push(...settled);
        options.onProgress?.(settled.length);
      } catch (error) {
        fatal ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  if (fatal) throw fatal;
  return outcomes;
}

async function sendBatch(target: ApiTarget, batch: Outgoing[]): Promise<FileOutcome[]> {
  let outcome;
  try {
    outcome = await storeInstances(target, batch);
  } catch (error) {
    throw unreachable(target, error);
  }
  if (outcome.kind === 'rejected') {
    // Bad token or no permission: no other batch will fare better.
    if (outcome.status === 401 || outcome.status === 403) {
      throw new CliError(
        `STOW-RS to ${target.baseUrl.origin}: ${outcome.reason}${outcome.status === 401 ? ' (set --token, $TRIAGE_TOKEN or $TRIAGE_ADMIN_TOKEN)' : ''}`,
      );
    }
    // Too large for the server's limit: halve the request until one file is left.
    if (outcome.status === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      return [...(await sendBatch(target, batch.slice(0, half))), ...(await sendBatch(target, batch.slice(half)))];
    }
    return batch.map((f) => ({ path: f.path, status: 'refused', reason: outcome.reason }));
  }
  const { accepted, failed } = outcome.result;
  const settled: FileOutcome[] = [];
  const unnamed: Outgoing[] = [];
  for (const file of batch) {
    const ok = accepted.find((a) => a.sopInstanceUid === file.sopInstanceUid);
    // A file sent alone owns whatever the response says, even without a UID (an unreadable file has none).
    const failure =
      failed.find((f) => f.sopInstanceUid !== undefined && f.sopInstanceUid === file.sopInstanceUid) ??
      (batch.length === 1 ? failed[0] : undefined);
    if (ok) settled.push({ path: file.path, status: ok.unchanged ? 'unchanged' : 'stored' });
    else if (failure) settled.push({ path: file.path, status: 'refused', reason: describeFailure(failure) });
    else if (batch.length === 1 && accepted.length === 1)
      settled.push({ path: file.path, status: accepted[0].unchanged ? 'unchanged' : 'stored' });
    else if (batch.length > 1) unnamed.push(file);
    else settled.push({ path: file.path, status: 'refused', reason: 'the server did not mention it in its STOW-RS response' });
  }
  // A part the server could not read comes back without a UID. Sending such a file again alone
  // names its reason; harmless, since ingest is idempotent and a refusal changes nothing.
  for (const file of unnamed) settled.push(...(await sendBatch(target, [file])));
  return settled;
}
