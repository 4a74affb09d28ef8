import { createHash } from 'node:crypto';
import type { DicomwebClient, JsonDataset } from '@triage/dicomweb';
import type { InstanceRef } from '../doors/outcome';

/** What reading one instance back gave: its metadata and frames hashed, or why it failed. */
export type ReadBack = { ok: true; hash: string; frames: number; study: string; series: string } | { ok: false; problem: string };

const FRAMES_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

/** The study and series of an instance: as the answer said, else as QIDO-RS finds it by SOP Instance UID. */
export async function locate(
  client: DicomwebClient,
  ref: InstanceRef,
  deadlineMs: number,
): Promise<{ study: string; series: string } | undefined> {
  if (ref.study && ref.series) return { study: ref.study, series: ref.series };
  const found = await client.search('instances', { SOPInstanceUID: ref.sop }, {}, { signal: AbortSignal.timeout(deadlineMs) });
  const study = stringOf(found[0], '0020000D') ?? ref.hint?.study;
  const series = stringOf(found[0], '0020000E') ?? ref.hint?.series;
  return study && series ? { study, series } : undefined;
}

/**
 * Reads one instance back through WADO-RS: its metadata (exactly one data set, the same SOP
 * Instance UID) and every frame as stored (one part each); hashes both, so a later read can tell
 * whether anything changed. Never throws: a failure is the answer.
 */
export async function readBack(client: DicomwebClient, ref: InstanceRef, deadlineMs: number): Promise<ReadBack> {
  try {
    const where = await locate(client, ref, deadlineMs);
    if (!where) return { ok: false, problem: `QIDO-RS does not find SOPInstanceUID ${ref.sop} and the file names no study and series` };
    const signal = AbortSignal.timeout(deadlineMs);
    const metadata = await client.metadata(where.study, where.series, ref.sop, { signal });
    if (metadata.length !== 1) return { ok: false, problem: `instance metadata has ${metadata.length} data sets` };
    const dataset = metadata[0] as JsonDataset;
    if (stringOf(dataset, '00080018') !== ref.sop)
      return { ok: false, problem: `instance metadata names SOPInstanceUID ${stringOf(dataset, '00080018')}` };
    const hash = createHash('sha256').update(JSON.stringify(dataset));
    const count = frameCount(dataset);
    if (count > 0) {
      const numbers = Array.from({ length: count }, (_, i) => i + 1);
      const answer = await client.frames(where.study, where.series, ref.sop, numbers, FRAMES_ACCEPT, { signal });
      let parts = 0;
      for await (const part of answer.parts) {
        parts++;
        hash.update(part.body);
      }
      if (parts !== count) return { ok: false, problem: `${parts} frame part(s) for ${count} frame(s)` };
    }
    return { ok: true, hash: hash.digest('hex'), frames: count, ...where };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
}

/** The series' instances by SOP Instance UID from its metadata (the study metadata must answer too). */
export async function seriesInstances(client: DicomwebClient, study: string, series: string, deadlineMs: number): Promise<string[]> {
  const signal = AbortSignal.timeout(deadlineMs);
  await client.metadata(study, undefined, undefined, { signal });
  const metadata = await client.metadata(study, series, undefined, { signal });
  return metadata.map((d) => stringOf(d, '00080018') ?? '');
}

/** Frames the metadata announces: NumberOfFrames, else one when there is pixel data, else none. */
function frameCount(dataset: JsonDataset): number {
  const hasPixels = ['7FE00010', '7FE00008', '7FE00009'].some((tag) => dataset[tag] !== undefined);
  if (!hasPixels) return 0;
  const n = Number(dataset['00280008']?.Value?.[0] ?? 1);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** A value as text; a non-string (a PN object where a UID belongs) as its JSON, so a report shows what came. */
function stringOf(dataset: JsonDataset | undefined, tag: string): string | undefined {
  const value = dataset?.[tag]?.Value?.[0];
  if (value === undefined) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
