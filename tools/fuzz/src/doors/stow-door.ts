import type { DicomwebClient, StowAnswer } from '@triage/dicomweb';
import { DicomwebError } from '@triage/dicomweb';
import { instanceUids } from '../mutate/dicom-elements';
import type { Mutant } from '../mutate/mutant';
import type { DoorLimits, DoorOutcome, InstanceRef, Sent } from './outcome';

/** Sends a batch of mutants as the parts of one STOW-RS request; one outcome per mutant, in order. */
export async function sendStow(client: DicomwebClient, mutants: Mutant[], limits: DoorLimits): Promise<Sent[]> {
  const all = (outcome: DoorOutcome) => mutants.map((mutant) => ({ mutant, door: 'stow' as const, outcome }));
  let answer: StowAnswer;
  try {
    answer = await client.store(
      mutants.map((m) => m.bytes),
      undefined,
      { signal: AbortSignal.timeout(limits.deadlineMs) },
    );
  } catch (error) {
    if (error instanceof DicomwebError) {
      if (error.status >= 500) return all({ kind: 'server-error', detail: error.message });
      return all({ kind: 'refused', reason: `HTTP ${error.status}: ${error.problem?.detail ?? error.message}` });
    }
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return all({ kind: 'hang', detail: `no STOW-RS answer within ${limits.deadlineMs} ms` });
    return all({ kind: 'server-error', detail: `STOW-RS: ${describe(error)}` });
  }
  if (answer.status >= 500) return all({ kind: 'server-error', detail: `STOW-RS answered ${answer.status}` });
  return matchParts(mutants, answer);
}

/**
 * Pairs the answer's items with the parts: by the SOP Instance UID the bytes state, then the rest
 * in order. A part the answer does not mention at all is a server error (it was lost).
 */
function matchParts(mutants: Mutant[], answer: StowAnswer): Sent[] {
  const locations = retrieveLocations(answer);
  const accepted = [...answer.result.accepted];
  const failed = [...answer.result.failed];
  const outcomes: (DoorOutcome | undefined)[] = mutants.map((m) => {
    const sop = instanceUids(m.bytes).sop;
    if (!sop) return undefined;
    const a = accepted.findIndex((x) => x.sopInstanceUid === sop);
    if (a >= 0) {
      const [hit] = accepted.splice(a, 1);
      return acked(hit?.sopInstanceUid as string, locations);
    }
    const f = failed.findIndex((x) => x.sopInstanceUid === sop);
    if (f >= 0) return refusal(failed.splice(f, 1)[0]);
    return undefined;
  });
  return mutants.map((mutant, i) => {
    let outcome = outcomes[i];
    if (!outcome && failed.length > 0) outcome = refusal(failed.shift());
    else if (!outcome && accepted.length > 0) outcome = acked((accepted.shift() as { sopInstanceUid: string }).sopInstanceUid, locations);
    return {
      mutant,
      door: 'stow' as const,
      outcome: outcome ?? { kind: 'server-error', detail: `STOW-RS ${answer.status}: the part is not in the answer` },
    };
  });
}

function refusal(failure: { failureReason?: number; comment?: string } | undefined): DoorOutcome {
  const code = failure?.failureReason;
  const reason = failure?.comment ?? 'no reason given';
  // 0x0110 (processing failure) and 0x0111/0x0112 are the server's own failures, not the input's.
  if (code !== undefined && code >= 0x0100 && code < 0x0200)
    return { kind: 'server-error', detail: `0x${code.toString(16).padStart(4, '0')} ${reason}` };
  return { kind: 'refused', reason };
}

function acked(sop: string, locations: Map<string, InstanceRef>): DoorOutcome {
  return { kind: 'acked', instance: locations.get(sop) ?? { sop } };
}

/** Study, series and instance of each RetrieveURL (0008,1190) in ReferencedSOPSequence. */
function retrieveLocations(answer: StowAnswer): Map<string, InstanceRef> {
  const map = new Map<string, InstanceRef>();
  const items = (answer.dataset['00081199']?.Value ?? []) as Record<string, { Value?: unknown[] } | undefined>[];
  for (const item of items) {
    const url = String(item['00081190']?.Value?.[0] ?? '');
    const match = /\/studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/?]+)/.exec(url);
    if (match)
      map.set(decodeURIComponent(match[3] as string), {
        study: decodeURIComponent(match[1] as string),
        series: decodeURIComponent(match[2] as string),
        sop: decodeURIComponent(match[3] as string),
      });
  }
  return map;
}

function describe(error: unknown): string {
  const e = error as Error & { code?: string; cause?: { code?: string; message?: string } };
  return [e.code ?? e.cause?.code, e.message].filter(Boolean).join(' ');
}
