import { Enums, utilities } from '@cornerstonejs/core';
import { internal } from '@cornerstonejs/dicom-image-loader';
import { SINGLE_PART, withSinglePart } from './single-part';
import { parseResolutionEnds, prefixPlan, totalOfContentRange, type PrefixPlan } from './prefix-plan';

/** What one probe of a frame found out about the server. */
export interface FrameProbe {
  /** It answers the `accept` query parameter with the single-part codestream (so whole frames are asked that way too). */
  singlePart: boolean;
  /** The prefix to draw first, when it answers ranges with resolution offsets. */
  plan?: PrefixPlan;
}

/**
 * Asks the server for one byte of a frame, single part: whether it serves the codestream that way, whether it
 * answers ranges, the frame's size and where its resolutions end. A server that does none of it (Orthanc) gets
 * whole frames the loader's default way.
 */
export async function probeFrame(frameUrl: string, columns: number): Promise<FrameProbe> {
  const response = await fetch(`${frameUrl}?${SINGLE_PART}`, { credentials: 'same-origin', headers: { Range: 'bytes=0-0' } });
  await response.body?.cancel().catch(() => undefined);
  const singlePart = response.ok && (response.headers.get('Content-Type') ?? '').startsWith('image/jphc');
  if (response.status !== 206 || !singlePart) return { singlePart };
  const ends = parseResolutionEnds(response.headers.get('X-Triage-Resolution-Ends'));
  const total = totalOfContentRange(response.headers.get('Content-Range'));
  return { singlePart, plan: ends && total ? prefixPlan(ends, total, columns) : undefined };
}

/** Retrieve options of whole-frame loads (the prefetcher's): single part when the server offers it. */
export function wholeFrameOptions(probe: FrameProbe): { urlArguments?: string } {
  return probe.singlePart ? { urlArguments: SINGLE_PART } : {};
}

/**
 * Configures how a stack viewport fetches the image it shows: with a plan, a first range request of the prefix
 * (drawn at low resolution), then the rest of the same frame; without one, the whole frame at once.
 */
export function configureStackRetrieval(probe: FrameProbe, progressive: boolean): void {
  askFramesSinglePart(probe.singlePart);
  const provider = utilities.imageRetrieveMetadataProvider;
  provider.clear();
  const plan = progressive ? probe.plan : undefined;
  if (!plan) {
    if (probe.singlePart)
      provider.add('stack', {
        stages: [{ id: 'whole', retrieveType: 'whole' }],
        retrieveOptions: { whole: { urlArguments: SINGLE_PART } },
      });
    return;
  }
  provider.add('stack', {
    stages: [
      { id: 'prefix', retrieveType: 'prefix', requestType: Enums.RequestType.Interaction, priority: -10 },
      { id: 'rest', retrieveType: 'rest', requestType: Enums.RequestType.Interaction, priority: -9 },
    ],
    retrieveOptions: {
      prefix: { rangeIndex: 0, initialChunkSize: plan.initialBytes, decodeLevel: plan.decodeLevel, urlArguments: SINGLE_PART },
      rest: { rangeIndex: -1, urlArguments: SINGLE_PART },
    },
  });
}

/**
 * Every whole-frame request of the loader, whoever makes it, asks for the single-part codestream when the server
 * offers it: Cornerstone's CPU rendering path loads the slices it shows without the retrieve stages (so without
 * their `urlArguments`), and would otherwise get native pixels, decoded on the server and nearly three times larger.
 */
function askFramesSinglePart(singlePart: boolean): void {
  internal.setOptions({
    open(xhr: XMLHttpRequest, url: string) {
      xhr.open('get', singlePart ? withSinglePart(url) : url, true);
    },
  });
}

const probes = new Map<string, Promise<FrameProbe>>();

/**
 * What the server under `dicomwebRoot` offers, probed once a session on the first frame opened (a round trip on
 * the first image's path) and remembered: the next studies start at once. The prefix plan found then is reused:
 * for frames of the same kind it is the same; for others a prefix may stop inside a resolution (a softer preview).
 */
export function serverProbe(dicomwebRoot: string, frameUrl: string, columns: number): Promise<FrameProbe> {
  let probe = probes.get(dicomwebRoot);
  if (!probe) {
    probe = probeFrame(frameUrl, columns).catch(() => ({ singlePart: false }));
    probes.set(dicomwebRoot, probe);
  }
  return probe;
}
