import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Conspicuity } from '@triage/sample-data';
import { generateChestStudies } from '@triage/sample-data';
import type { ApiTarget } from '../client/api-target';
import { apiRequest, expectOk } from '../client/http';
import { MAX_BATCH_BYTES, type Outgoing } from '../ingest/batches';
import { sendInstances } from '../ingest/run-ingest';
import { CliError } from '../support/cli-error';

/** What {@link storeVerifiedSamples} makes. */
export interface VerifiedSamplesOptions {
  count: number;
  seed: string;
  /** Rows and columns of each radiograph (the generator's default is 1024). */
  size?: number;
  /** How findable the opacities are (default `clear`: training data a small network can learn from a few hundred images). */
  conspicuity?: Conspicuity;
  /** Radiographs per STOW-RS request. */
  batch?: number;
  /** How long to wait for the worklist to list what was stored. */
  timeoutMs?: number;
  onProgress?: (phase: 'store' | 'verify', done: number, total: number) => void;
}

/** What was done: stored and verified now, or found already verified (the command is idempotent). */
export interface VerifiedSamplesResult {
  stored: number;
  verified: number;
  alreadyVerified: number;
  byFinding: Record<string, number>;
}

interface WorklistRow {
  imageSetId: string;
  studyInstanceUid: string;
  label?: { finding: string; verified: boolean; version: number };
}

/**
 * Stores `count` synthetic chest radiographs through STOW-RS and verifies each one's label through
 * the label API, as a clinician in the viewer does (the finding the generator drew; the origin is
 * the token's principal). The same seed gives the same studies, so a second run stores nothing new
 * and verifies only what is not yet verified with that finding.
 */
export async function storeVerifiedSamples(target: ApiTarget, options: VerifiedSamplesOptions): Promise<VerifiedSamplesResult> {
  const batch = options.batch ?? 8;
  const truth = new Map<string, string>();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-samples-'));
  let stored = 0;
  try {
    // Written to disk a few requests' worth at a time and sent as `triage ingest` sends files: the
    // same batching, 413 halving and per-instance outcomes, so a refused instance is reported here.
    let pending: Outgoing[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const outcomes = await sendInstances(target, pending, { maxFiles: batch, maxBytes: MAX_BATCH_BYTES, concurrency: 2 });
      const refused = outcomes.filter((o) => o.status === 'refused');
      if (refused.length > 0) throw new CliError(`storing samples: ${refused.length} refused, the first: ${refused[0].reason}`);
      for (const file of pending) fs.rmSync(file.path);
      stored += pending.length;
      options.onProgress?.('store', stored, options.count);
      pending = [];
    };
    for (const instance of generateChestStudies({
      count: options.count,
      seed: options.seed,
      size: options.size,
      conspicuity: options.conspicuity ?? 'clear',
    })) {
      truth.set(instance.studyInstanceUid, instance.label ?? 'normal');
      const file = path.join(dir, instance.fileName);
      fs.writeFileSync(file, instance.bytes);
      pending.push({ path: file, size: instance.bytes.byteLength, sopInstanceUid: instance.sopInstanceUid });
      if (pending.length >= batch * 4) await flush();
    }
    await flush();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const rows = await waitForWorklist(target, truth, options.timeoutMs ?? 120_000);
  const result: VerifiedSamplesResult = { stored, verified: 0, alreadyVerified: 0, byFinding: {} };
  let done = 0;
  for (const [studyInstanceUid, finding] of truth) {
    const row = rows.get(studyInstanceUid) as WorklistRow;
    result.byFinding[finding] = (result.byFinding[finding] ?? 0) + 1;
    if (row.label?.verified && row.label.finding === finding) {
      result.alreadyVerified++;
    } else {
      const body = JSON.stringify({ finding, expectedVersion: row.label?.version ?? 0 });
      expectOk(
        `verifying ${row.imageSetId}`,
        await apiRequest(target, `/api/image-sets/${encodeURIComponent(row.imageSetId)}/label`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body,
        }),
      );
      result.verified++;
    }
    options.onProgress?.('verify', ++done, truth.size);
  }
  return result;
}

/** The worklist rows of the given studies, once the worklist lists every one of them (it is fed by the event bus, so it lags the store). */
async function waitForWorklist(target: ApiTarget, truth: Map<string, string>, timeoutMs: number): Promise<Map<string, WorklistRow>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = new Map<string, WorklistRow>();
    for (let offset = 0; ; offset += 500) {
      const response = expectOk(
        'reading the worklist',
        await apiRequest(target, '/api/worklist/search', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ modality: 'DX', description: 'SYNTHETIC', limit: 500, offset, sort: 'updatedAt' }),
        }),
      );
      const page = JSON.parse(response.body.toString('utf8')) as { items: WorklistRow[]; total: number };
      for (const item of page.items) if (truth.has(item.studyInstanceUid)) rows.set(item.studyInstanceUid, item);
      if (offset + 500 >= page.total) break;
    }
    if (rows.size === truth.size) return rows;
    if (Date.now() > deadline)
      throw new CliError(`the worklist lists ${rows.size} of the ${truth.size} stored samples after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
