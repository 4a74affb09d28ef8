import * as fs from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';
import { instanceUids } from '../mutate/dicom-elements';
import type { Mutant } from '../mutate/mutant';
import { mutantFileName } from '../mutate/mutant';
import type { DoorLimits, DoorOutcome, Sent } from './outcome';

/** Where the import-job routes are: the API origin and its bearer token. */
export interface ApiTarget {
  url: string;
  token: string;
}

interface JobView {
  jobId: string;
  jobStatus: string;
  message?: string;
  summary?: { manifestDir: string };
}

const POLL_MS = 100;

/**
 * Writes a batch of mutants into a fresh folder under `dir`, starts an import job over it and
 * polls it until it ends; each file's outcome comes from the job's SUCCESS and FAILURE manifests.
 * Every poll has the per-request deadline; the job as a whole gets it once per file.
 */
export async function sendImport(api: ApiTarget, mutants: Mutant[], dir: string, limits: DoorLimits): Promise<Sent[]> {
  const all = (outcome: DoorOutcome) => mutants.map((mutant) => ({ mutant, door: 'import' as const, outcome }));
  fs.mkdirSync(dir, { recursive: true });
  for (const m of mutants) fs.writeFileSync(path.join(dir, mutantFileName(m)), m.bytes);
  try {
    const started = await call(api, 'POST', '/import-jobs', limits, { inputDir: path.resolve(dir) });
    if (started.status >= 500) return all({ kind: 'server-error', detail: `POST /import-jobs answered ${started.status}` });
    if (started.status !== 202)
      return all({ kind: 'refused', reason: `POST /import-jobs answered ${started.status}: ${JSON.stringify(started.body)}` });
    const jobId = (started.body as JobView).jobId;
    const deadline = Date.now() + limits.deadlineMs * (mutants.length + 1);
    for (;;) {
      const polled = await call(api, 'GET', `/import-jobs/${jobId}`, limits);
      if (polled.status >= 500) return all({ kind: 'server-error', detail: `GET /import-jobs/${jobId} answered ${polled.status}` });
      const job = polled.body as JobView;
      if (job.jobStatus === 'FAILED') return all({ kind: 'server-error', detail: `import job failed: ${job.message ?? 'no reason'}` });
      if (job.jobStatus === 'COMPLETED' && job.summary) return fromManifests(mutants, job.summary.manifestDir);
      if (Date.now() > deadline)
        return all({
          kind: 'hang',
          detail: `import job ${jobId} still ${job.jobStatus} after ${limits.deadlineMs * (mutants.length + 1)} ms`,
        });
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      return all({ kind: 'hang', detail: `no import-job answer within ${limits.deadlineMs} ms` });
    return all({ kind: 'server-error', detail: `import job: ${(error as Error).message}` });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface ManifestLine {
  inputFile: string;
  importResponse?: { sopInstanceUid?: string };
  exception?: { exceptionType?: string; message?: string };
}

/** Each file's line in SUCCESS/success.ndjson or FAILURE/failure.ndjson; a file in neither was lost. */
function fromManifests(mutants: Mutant[], manifestDir: string): Sent[] {
  const read = (file: string): ManifestLine[] =>
    fs.existsSync(file)
      ? fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as ManifestLine)
      : [];
  const lines = new Map<string, ManifestLine>();
  for (const line of [
    ...read(path.join(manifestDir, 'SUCCESS', 'success.ndjson')),
    ...read(path.join(manifestDir, 'FAILURE', 'failure.ndjson')),
  ])
    lines.set(path.basename(line.inputFile), line);
  return mutants.map((mutant) => {
    const line = lines.get(mutantFileName(mutant));
    let outcome: DoorOutcome;
    if (!line) outcome = { kind: 'server-error', detail: 'the file is in neither manifest' };
    else if (line.importResponse?.sopInstanceUid) {
      const uids = instanceUids(mutant.bytes);
      outcome = { kind: 'acked', instance: { sop: line.importResponse.sopInstanceUid, hint: { study: uids.study, series: uids.series } } };
    } else if (line.exception?.exceptionType === 'IngestRefused')
      outcome = { kind: 'refused', reason: line.exception.message ?? 'no reason given' };
    else
      outcome = {
        kind: 'server-error',
        detail: `${line.exception?.exceptionType ?? 'failure'}: ${line.exception?.message ?? 'no reason'}`,
      };
    return { mutant, door: 'import' as const, outcome };
  });
}

async function call(
  api: ApiTarget,
  method: 'GET' | 'POST',
  route: string,
  limits: DoorLimits,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await request(`${api.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${api.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(limits.deadlineMs),
  });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the report.
  }
  return { status: response.statusCode, body: parsed };
}
