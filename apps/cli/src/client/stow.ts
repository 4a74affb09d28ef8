import type { ApiTarget } from './api-target';
import { apiRequest } from './http';
import type { FilePart } from './multipart-writer';
import { stowBody } from './multipart-writer';
import { parseProblem } from './problem';
import type { StowResult } from './stow-response';
import { parseStowResponse } from './stow-response';

/** Where DICOMweb lives on the API. */
export const DICOMWEB = 'dicomweb';

/** How one STOW-RS request ended: the server's per-instance answer, or one reason for the whole request. */
export type StowOutcome = { kind: 'answered'; result: StowResult } | { kind: 'rejected'; status: number; reason: string };

/**
 * POSTs files to `/dicomweb/studies` as one multipart/related request. A STOW-RS response data set
 * is returned whatever the status (200, 202 and 409 all carry one); anything else is the request's
 * problem detail.
 */
export async function storeInstances(target: ApiTarget, files: FilePart[]): Promise<StowOutcome> {
  const body = stowBody(files);
  const response = await apiRequest(target, `${DICOMWEB}/studies`, {
    method: 'POST',
    headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength), accept: 'application/dicom+json' },
    body: body.stream,
  });
  const text = response.body.toString('utf8');
  if (/json/i.test(response.contentType ?? '') && !/problem\+json/i.test(response.contentType ?? '')) {
    try {
      const result = parseStowResponse(JSON.parse(text));
      if (result) return { kind: 'answered', result };
    } catch {
      // Not JSON after all: described below by status.
    }
  }
  if (response.status >= 200 && response.status < 300) return { kind: 'answered', result: { accepted: [], failed: [] } };
  const problem = parseProblem(response.contentType, text);
  return {
    kind: 'rejected',
    status: response.status,
    reason: `HTTP ${response.status}: ${problem?.detail ?? problem?.title ?? (text.trim().split('\n')[0] || 'no detail')}`,
  };
}
