import { DicomwebClient, DicomwebError } from '@triage/dicomweb';
import { CliError } from '../support/cli-error';
import type { ApiTarget } from './api-target';
import { apiUrl } from './api-target';
import { unreachable } from './http';
import { responseError } from './problem';

/** Where DICOMweb lives on the API. */
export const DICOMWEB = 'dicomweb';

/** The lib's DICOMweb client for the API at `target`, with its bearer token. */
export function dicomwebClient(target: ApiTarget): DicomwebClient {
  return new DicomwebClient({
    url: apiUrl(target, DICOMWEB),
    authorization: target.token ? `Bearer ${target.token}` : undefined,
  });
}

/**
 * Runs a DICOMweb call and turns what can go wrong into one line: the server's problem detail
 * (`what: HTTP 401: …`), or that the API cannot be reached.
 */
export async function oneLine<T>(target: ApiTarget, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DicomwebError) {
      if (error.status >= 200 && error.status < 300) throw new CliError(`${what}: ${error.message.replace(/^.*?: HTTP \d+: /, '')}`);
      throw responseError(what, error.status, error.contentType, error.body);
    }
    if (error instanceof CliError) throw error;
    if (error instanceof Error && error.name === 'MultipartError') throw new CliError(`${what}: ${error.message}`);
    throw unreachable(target, error);
  }
}
