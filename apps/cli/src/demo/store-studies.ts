import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChestLabel } from '@triage/sample-data';
import { generateChestStudies } from '@triage/sample-data';
import type { ApiTarget } from '../client/api-target';
import { MAX_BATCH_BYTES, type Outgoing } from '../ingest/batches';
import { sendInstances } from '../ingest/run-ingest';
import { CliError } from '../support/cli-error';
import { sleep, synthesisedWorklist } from './demo-api';

/** A synthetic study the demo stored, with the truth the generator drew and, once listed, its image set. */
export interface DemoStudy {
  studyInstanceUid: string;
  truth: ChestLabel;
  imageSetId: string;
}

/** What to generate. */
export interface StoreStudiesOptions {
  count: number;
  seed: string;
  size: number;
  /** Share of pneumonia cases (drawn per case). */
  prevalence: number;
  /** Radiographs per STOW-RS request. */
  batch?: number;
  onStored?: (n: number) => void;
}

/**
 * Generates `count` chest radiographs (clear opacities, as `triage sample verified` makes training
 * data) and stores them through STOW-RS as `triage ingest` sends files, one request in flight while
 * the next batch is drawn. Resolves to each study's truth, in generation order.
 */
export async function storeStudies(target: ApiTarget, options: StoreStudiesOptions): Promise<Omit<DemoStudy, 'imageSetId'>[]> {
  const batch = options.batch ?? 16;
  const studies: Omit<DemoStudy, 'imageSetId'>[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-demo-studies-'));
  const send = async (files: Outgoing[]) => {
    const outcomes = await sendInstances(target, files, { maxFiles: batch, maxBytes: MAX_BATCH_BYTES, concurrency: 1 });
    const refused = outcomes.filter((o) => o.status === 'refused');
    if (refused.length > 0) throw new CliError(`storing studies: ${refused.length} refused, the first: ${refused[0].reason}`);
    for (const file of files) fs.rmSync(file.path, { force: true });
    options.onStored?.(files.length);
  };
  try {
    let inFlight: Promise<void> = Promise.resolve();
    let pending: Outgoing[] = [];
    for (const instance of generateChestStudies({
      count: options.count,
      seed: options.seed,
      size: options.size,
      pneumoniaFraction: options.prevalence,
      conspicuity: 'clear',
    })) {
      studies.push({ studyInstanceUid: instance.studyInstanceUid, truth: instance.label ?? 'normal' });
      const file = path.join(dir, instance.fileName);
      fs.writeFileSync(file, instance.bytes);
      pending.push({ path: file, size: instance.bytes.byteLength, sopInstanceUid: instance.sopInstanceUid });
      if (pending.length >= batch) {
        await inFlight;
        inFlight = send(pending);
        // Handled where it is awaited; this only keeps a failure from counting as unhandled meanwhile.
        inFlight.catch(() => undefined);
        pending = [];
      }
      // Lets the request in flight stream while the next radiographs are drawn.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await inFlight;
    if (pending.length > 0) await send(pending);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return studies;
}

/** The studies with their image sets, once the worklist lists every one (it is fed by the event bus, so it lags the store). */
export async function awaitListed(
  clinician: ApiTarget,
  studies: ReadonlyArray<Omit<DemoStudy, 'imageSetId'>>,
  timeoutMs: number,
): Promise<DemoStudy[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = new Map((await synthesisedWorklist(clinician, 'updatedAt')).map((r) => [r.studyInstanceUid, r]));
    const listed = studies.filter((s) => rows.has(s.studyInstanceUid));
    if (listed.length === studies.length)
      return studies.map((s) => ({ ...s, imageSetId: (rows.get(s.studyInstanceUid) as { imageSetId: string }).imageSetId }));
    if (Date.now() > deadline)
      throw new CliError(`the worklist lists ${listed.length} of the ${studies.length} stored studies after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
