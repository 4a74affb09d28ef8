import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomicSync } from '@triage/platform';

/** Whether the sample studies still have to be ingested: `pending` from the first start until every one is stored. */
export type SampleState = 'pending' | 'done';

const FILE = 'samples.json';

/** True when the data directory does not exist or holds nothing: the first start. */
export function isEmptyDataDir(dataDir: string): boolean {
  return !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
}

/** The recorded sample state, undefined when samples were never asked for. */
export function readSampleState(dataDir: string): SampleState | undefined {
  const file = path.join(dataDir, FILE);
  if (!fs.existsSync(file)) return undefined;
  const state = (JSON.parse(fs.readFileSync(file, 'utf8')) as { state?: unknown }).state;
  return state === 'pending' || state === 'done' ? state : undefined;
}

/** Records the sample state (atomically), so an interrupted first ingest resumes on the next start. */
export function writeSampleState(dataDir: string, state: SampleState): void {
  writeFileAtomicSync(path.join(dataDir, FILE), JSON.stringify({ state, at: new Date().toISOString() }) + '\n');
}
