import * as path from 'node:path';
import type { DicomwebTarget } from '../client/dicomweb-target';
import type { DimseEndpoint } from '../measure/cstore';
import type { DicomwebOptions } from '../options';
import type { Figures } from '../report/figures';
import { progress } from '../report/progress';
import { startOrthanc } from './orthanc-server';
import type { ServerProcess } from './server-process';
import { stopProcess } from './server-process';
import { startTriage } from './triage-server';

/** A server under test and the figures measured of it. */
export interface Server {
  target: DicomwebTarget;
  process: ServerProcess;
  version: string;
  dimse: DimseEndpoint;
  figures: Figures;
}

/** Starts the servers the options ask for under `work` (ours first); ours failing to start leaves Orthanc alone. */
export async function startServers(root: string, work: string, options: DicomwebOptions): Promise<Server[]> {
  const servers: Server[] = [];
  if (options.servers.ours) {
    try {
      const profile = options.profile ? path.join(work, 'ours', 'profile') : undefined;
      const ours = await startTriage(root, path.join(work, 'ours'), options.api, options.ingestClients, profile);
      servers.push({ ...ours, figures: new Map() });
    } catch (error) {
      progress(`WARNING: our API did not start, measuring Orthanc alone: ${(error as Error).message}`);
    }
  }
  if (options.servers.orthanc) {
    const orthanc = await startOrthanc(path.join(work, 'orthanc'), options.ingestClients);
    servers.push({ ...orthanc, figures: new Map() });
  }
  for (const server of servers)
    progress(
      `${server.target.name}: ${server.version}, pid ${server.process.child.pid}, DIMSE port ${server.dimse.port}, log ${server.process.logFile}`,
    );
  return servers;
}

/** Closes the benchmark's pools to the servers and stops them. */
export async function stopServers(servers: Server[]): Promise<void> {
  for (const server of servers) {
    await server.target.pool.close().catch(() => undefined);
    await stopProcess(server.process);
  }
}
