import type { OutgoingPart } from '@triage/dicomweb';

/** One part of a multipart answer to build: the instance it comes from and how to build it whole. */
export interface PartJob {
  sopInstanceUid: string;
  build(): Promise<OutgoingPart>;
}

/** What to do with the parts after one fails: leave it out and go on, or end the body there. */
export type OnPartFailure = 'skip' | 'stop';

/**
 * Builds the parts of a multipart answer one at a time, each whole before a byte of it is
 * written, so a failing part is left out (or ends the body) and the closing delimiter still
 * comes. The first part is built now, before the answer's head goes out: failures up to it can
 * still be named in a header, and when none can be built this returns undefined for the caller
 * to answer with a problem instead of an empty body.
 */
export async function isolatedParts(
  jobs: PartJob[],
  failed: (job: PartJob, error: unknown) => void,
  onFailure: OnPartFailure,
): Promise<AsyncGenerator<OutgoingPart> | undefined> {
  let first: OutgoingPart | undefined;
  let next = 0;
  while (first === undefined && next < jobs.length) {
    const job = jobs[next++];
    try {
      first = await job.build();
    } catch (error) {
      failed(job, error);
      if (onFailure === 'stop') return undefined;
    }
  }
  if (first === undefined) return undefined;
  const head = first;
  async function* parts(): AsyncGenerator<OutgoingPart> {
    yield head;
    for (; next < jobs.length; next++) {
      const job = jobs[next];
      let part: OutgoingPart;
      try {
        part = await job.build();
      } catch (error) {
        failed(job, error);
        if (onFailure === 'stop') return;
        continue;
      }
      yield part;
    }
  }
  return parts();
}
