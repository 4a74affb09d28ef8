import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cachedGrowingStudy } from './data/growing-study';
import { LoadGenerator } from './load/load-generator';
import { frameAccept } from './measure/frames';
import type { GrowingStepFigures } from './measure/growing-study';
import { measureGrowingStudy } from './measure/growing-study';
import type { DicomwebOptions, GrowingOptions } from './options';
import { growingRows } from './report/growing-rows';
import { progress } from './report/progress';
import { printResultTable } from './report/result-table';
import { SEED, every, loadAverage } from './run-support';
import { peakResidentMiB } from './servers/server-process';
import type { Server } from './servers/start-servers';
import { startServers, stopServers } from './servers/start-servers';
import { waitIdle } from './servers/wait-idle';
import { workspaceRoot } from '@triage/test-support';

/** Ours is read as a viewer reads it (HTJ2K); Orthanc as it stores what it received (explicit VR little endian). */
const ACCEPT = {
  ours: frameAccept('image/jph', '1.2.840.10008.1.2.4.202'),
  Orthanc: frameAccept('application/octet-stream', '1.2.840.10008.1.2.1'),
};

/**
 * `--growing`: one writer adds 64×64 instances to one study while four readers read frames of the instances
 * acknowledged so far; frame reads per second and p50/p99 per step of instances, each server alone in turn.
 */
export async function runGrowingStudy(options: DicomwebOptions, growing: GrowingOptions): Promise<void> {
  const root = workspaceRoot();
  const loadAtStart = loadAverage();
  const study = cachedGrowingStudy(
    options.cacheDir,
    SEED,
    growing.instances,
    every(1000, (n) => progress(`growing study: ${n}/${growing.instances} generated`)),
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-bench-growing-'));
  let servers: Server[] = [];
  let generator: LoadGenerator | undefined;
  const steps = new Map<string, GrowingStepFigures[]>();
  const peaks = new Map<string, number>();
  try {
    servers = await startServers(root, work, options);
    generator = await LoadGenerator.start(root, growing.readers + 1);
    const pids = servers.map((s) => s.process.child.pid).filter((pid): pid is number => pid !== undefined);
    for (const server of servers) {
      await waitIdle(pids);
      const accept = server.target.name === 'ours' ? ACCEPT.ours : ACCEPT.Orthanc;
      const eventLoop = server.target.name === 'ours';
      steps.set(server.target.name, await measureGrowingStudy(generator, server.target, study, accept, { ...growing, eventLoop }));
      peaks.set(server.target.name, peakResidentMiB(server.process.child.pid));
    }
    console.log(`dicomweb growing study: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
    for (const server of servers)
      console.log(
        `  ${server.target.name}: ${server.version}; frames with Accept ${server.target.name === 'ours' ? ACCEPT.ours : ACCEPT.Orthanc}`,
      );
    console.log(`  load average (1, 5, 15 min) at start ${loadAtStart}, at end ${loadAverage()}`);
    console.log(
      `  one study, one series, ${growing.instances.toLocaleString('en')} instances of 64×64 16-bit CT, STOWed one a request by 1 writer while ${growing.readers} readers GET frame 1 of instances already acknowledged (spread over all of them); each server alone in turn, at most ${growing.maxSeconds / 60} min`,
    );
    console.log(
      "  req/s: reads completed over the writer's time for the step; peak resident memory: " +
        [...peaks].map(([name, mib]) => `${name} ${mib.toFixed(0)} MiB`).join(', ') +
        '\n',
    );
    printResultTable(growingRows(steps.get('ours') ?? [], steps.get('Orthanc') ?? []));
  } finally {
    await generator?.close();
    await stopServers(servers);
    if (options.keep) progress(`server data and logs kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}
