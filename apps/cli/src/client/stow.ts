import type { FilePart, StowResult } from '@triage/dicomweb';
import { DicomwebError } from '@triage/dicomweb';
import type { ApiTarget } from './api-target';
import { dicomwebClient } from './dicomweb';

/** How one STOW-RS request ended: the server's per-instance answer, or one reason for the whole request. */
export type StowOutcome = { kind: 'answered'; result: StowResult } | { kind: 'rejected'; status: number; reason: string };

/**
 * POSTs files to `/dicomweb/studies` as one multipart/related request, each streamed from disk.
 * A STOW-RS response data set is returned whatever the status (200, 202 and 409 all carry one);
 * anything else is the request's problem detail. A network failure throws.
 */
export async function storeInstances(target: ApiTarget, files: FilePart[]): Promise<StowOutcome> {
  try {
    const answer = await dicomwebClient(target).store(files);
    return { kind: 'answered', result: answer.result };
  } catch (error) {
    if (!(error instanceof DicomwebError)) throw error;
    return { kind: 'rejected', status: error.status, reason: error.message.replace(/^STOW-RS [^:]*: /, '') };
  }
}
