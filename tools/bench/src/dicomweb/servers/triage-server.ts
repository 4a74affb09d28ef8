import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DicomwebTarget } from '../client/dicomweb-target';
import { openPool } from '../client/dicomweb-target';
import type { DimseEndpoint } from '../measure/cstore';
import type { ServerProcess } from './server-process';
import { freePort, startProcess, waitUntilReady } from './server-process';

/** Our API server, running. */
export interface RunningTriage {
  process: ServerProcess;
  target: DicomwebTarget;
  version: string;
  dimse: DimseEndpoint;
}

/** The AE title our DIMSE SCP answers to in the benchmark (the API's default). */
const OUR_AE_TITLE = 'TRIAGE';

/** The API's entry point: the TypeScript sources (as `npm start` runs them) or the build in apps/api/dist. */
export function triageEntry(root: string, build: 'source' | 'dist'): { args: string[]; file: string } {
  if (build === 'dist') {
    const file = path.join(root, 'apps/api/dist/main.js');
    return { args: [file], file };
  }
  const file = path.join(root, 'apps/api/src/main.ts');
  return { args: ['--conditions=@triage/source', '--import', 'tsx', file], file };
}

/** Starts apps/api on free loopback ports (HTTP and DIMSE) with its data under `dir`, no sample studies, and a fresh admin token. */
export async function startTriage(
  root: string,
  dir: string,
  build: 'source' | 'dist',
  connections: number,
  profileDir?: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RunningTriage> {
  const entry = triageEntry(root, build);
  // --cpu-prof writes one profile per thread (codec workers included) when the process exits.
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  if (!fs.existsSync(entry.file)) throw new Error(`our API is not there: ${entry.file}`);
  const port = await freePort();
  const dicomPort = await freePort();
  const token = randomBytes(24).toString('hex');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const env = {
    ...process.env,
    TRIAGE_PORT: String(port),
    TRIAGE_HOST: '127.0.0.1',
    TRIAGE_DATA_DIR: path.join(dir, 'data'),
    TRIAGE_ADMIN_TOKEN: token,
    TRIAGE_SAMPLES: '0',
    TRIAGE_DICOM_HOST: '127.0.0.1',
    TRIAGE_DICOM_PORT: String(dicomPort),
    TRIAGE_DICOM_AE_TITLE: OUR_AE_TITLE,
    NODE_ENV: 'production',
    ...extraEnv,
  };
  const server = startProcess(process.execPath, [...profile, ...entry.args], { cwd: root, env, logFile: path.join(dir, 'api.log') });
  const origin = `http://127.0.0.1:${port}`;
  const pool = openPool(origin, connections);
  await waitUntilReady(server, 'our API', 120, async () => {
    const response = await pool.request({ method: 'GET', path: '/healthz' });
    await response.body.dump();
    return response.statusCode === 200;
  });
  return {
    process: server,
    target: { name: 'ours', origin, root: '/dicomweb', authorization: `Bearer ${token}`, pool },
    version: `apps/api (${build}), Node ${process.version}`,
    dimse: { port: dicomPort, aeTitle: OUR_AE_TITLE },
  };
}
