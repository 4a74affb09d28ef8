import { Enums, utilities } from '@cornerstonejs/core';
import { parseResolutionEnds, prefixPlan, totalOfContentRange, type PrefixPlan } from './prefix-plan';

/** The Accept header Cornerstone's wadors loader sends for frames (it cannot be changed), so the probe asks the same way. */
const FRAME_ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

/**
 * Asks the server for one byte of a frame to learn whether it answers ranges, the frame's size and where its
 * resolutions end. Undefined when it does not (no 206, or no resolution offsets): then frames are fetched whole.
 */
export async function probePrefixPlan(frameUrl: string, columns: number): Promise<PrefixPlan | undefined> {
  const response = await fetch(frameUrl, { credentials: 'same-origin', headers: { Accept: FRAME_ACCEPT, Range: 'bytes=0-0' } });
  await response.body?.cancel().catch(() => undefined);
  if (response.status !== 206) return undefined;
  const ends = parseResolutionEnds(response.headers.get('X-Triage-Resolution-Ends'));
  const total = totalOfContentRange(response.headers.get('Content-Range'));
  return ends && total ? prefixPlan(ends, total, columns) : undefined;
}

/**
 * Configures how a stack viewport fetches the image it shows: with a plan, a first range request of the prefix
 * (drawn at low resolution), then the rest of the same frame; without one, the whole frame at once.
 */
export function configureStackRetrieval(plan: PrefixPlan | undefined): void {
  const provider = utilities.imageRetrieveMetadataProvider;
  provider.clear();
  if (!plan) return;
  provider.add('stack', {
    stages: [
      { id: 'prefix', retrieveType: 'prefix', requestType: Enums.RequestType.Interaction, priority: -10 },
      { id: 'rest', retrieveType: 'rest', requestType: Enums.RequestType.Interaction, priority: -9 },
    ],
    retrieveOptions: {
      prefix: { rangeIndex: 0, initialChunkSize: plan.initialBytes, decodeLevel: plan.decodeLevel },
      rest: { rangeIndex: -1 },
    },
  });
}
