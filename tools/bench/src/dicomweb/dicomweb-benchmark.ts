import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Benchmark } from '../registry/benchmark';
import type { DicomwebTarget } from './client/dicomweb-target';
import { getOk } from './client/dicomweb-target';
import { cachedCtSeries } from './data/ct-series-cache';
import { tinyStudy } from './data/tiny-studies';
import type { FrameContender } from './measure/frames';
import { frameAccept, measureFrames } from './measure/frames';
import { LoadGenerator } from './load/load-generator';
import { ingest, timedIngest } from './measure/ingest';
import { measureSeriesMetadata } from './measure/metadata';
import { QIDO_QUERIES, countPatientStudies, measureQido } from './measure/qido';
import type { DicomwebOptions } from './options';
import { DICOMWEB_USAGE, parseDicomwebOptions } from './options';
import { progress } from './report/progress';
import { comparisonRows } from './report/comparison-rows';
import type { Figures } from './report/comparison-rows';
import { printProfileSummary } from './report/profile-summary';
import { printResultTable } from './report/result-table';
import { inLoopbackNamespace } from './servers/network-namespace';
import { startOrthanc } from './servers/orthanc-server';
import type { ServerProcess } from './servers/server-process';
import { peakResidentMiB, stopProcess } from './servers/server-process';
import { startTriage } from './servers/triage-server';
import { waitIdle } from './servers/wait-idle';
import { workspaceRoot } from '@triage/test-support';

/** Seed of every generated instance: the same data for both servers and from run to run. */
const SEED = 'bench-dicomweb';
const UNCOMPRESSED = '1.2.840.10008.1.2.1';
const HTJ2K = '1.2.840.10008.1.2.4.202';

interface Server {
  target: DicomwebTarget;
  process: ServerProcess;
  version: string;
  figures: Figures;
}

/** Our DICOMweb server against Orthanc on the same data in one run: frames, metadata, QIDO, STOW. */
export const dicomwebBenchmark: Benchmark = {
  name: 'dicomweb',
  description: `DICOMweb side by side with Orthanc: frames, series metadata, QIDO, STOW-RS ingest (${DICOMWEB_USAGE})`,
  async run(args) {
    const options = parseDicomwebOptions(args);
    const exitCode = await inLoopbackNamespace();
    if (exitCode === undefined) return runInNamespace(options);
    if (exitCode !== 0) throw new Error(`the benchmark (run under unshare -n) exited with ${exitCode}`);
  },
};

async function runInNamespace(options: DicomwebOptions): Promise<void> {
  const root = workspaceRoot();
  const loadAtStart = loadAverage();
  progress(`generating or reading cached data under ${options.cacheDir}`);
  const ct = cachedCtSeries(
    options.cacheDir,
    SEED,
    0,
    options.ctSlices,
    every(100, (n) => progress(`CT series: ${n}/${options.ctSlices} slices generated`)),
  );
  const ingestSeries = cachedCtSeries(
    options.cacheDir,
    SEED,
    1,
    options.ingestInstances,
    every(50, (n) => progress(`ingest set: ${n}/${options.ingestInstances} generated`)),
  );
  // Two studies are already there when the QIDO store is filled: the CT series and the ingest set.
  const largestStore = options.qidoStores[options.qidoStores.length - 1];
  const tiny = Array.from({ length: largestStore - 2 }, (_, i) => tinyStudy(SEED, i));
  progress(`data ready: ${ct.files.length}-slice CT, ${ingestSeries.files.length} ingest instances, ${tiny.length} small studies`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-bench-dicomweb-'));
  const servers: Server[] = [];
  let generator: LoadGenerator | undefined;
  try {
    if (options.servers.ours) {
      try {
        const ours = await startTriage(
          root,
          path.join(work, 'ours'),
          options.api,
          options.ingestClients,
          options.profile ? path.join(work, 'ours', 'profile') : undefined,
        );
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
      progress(`${server.target.name}: ${server.version}, pid ${server.process.child.pid}, log ${server.process.logFile}`);

    const pids = servers.map((s) => s.process.child.pid).filter((pid): pid is number => pid !== undefined);
    const settle = (): Promise<void> => waitIdle(pids);
    const targets = servers.map((s) => s.target);

    generator = await LoadGenerator.start(root, options.ingestClients);
    const rates = await timedIngest(generator, targets, ingestSeries.files, options.rounds, options.ingestClients, settle);
    for (const { target, figures } of servers) figures.set('ingest.rate', rates.get(target.name) ?? NaN);
    for (const { target, figures } of servers) {
      await settle();
      const load = await ingest(target, 'CT series load', ct.files.length, { batch: 10, concurrency: 4 }, (i) =>
        fs.readFileSync(ct.files[i]),
      );
      figures.set('load.ct', load.instancesPerSecond);
    }

    const frameContenders: FrameContender[] = [];
    for (const { target } of servers) {
      if (target.name === 'ours') {
        frameContenders.push(
          { key: 'ours htj2k', mode: 'htj2k', target, accept: frameAccept('image/jph', HTJ2K) },
          { key: 'ours raw', mode: 'raw', target, accept: frameAccept('application/octet-stream', UNCOMPRESSED) },
        );
      } else {
        frameContenders.push({ key: `${target.name} stored`, mode: 'stored', target, accept: await orthancFrameAccept(target, ct) });
      }
    }
    const frames = await measureFrames(generator, frameContenders, ct, options.frames, options.rounds, settle);
    for (const c of frameContenders) {
      const f = frames.get(c.key);
      const figures = servers.find((s) => s.target === c.target)?.figures;
      if (!f || !figures) continue;
      for (const m of ['sequential', 'concurrent'] as const) {
        figures
          .set(`frames.${c.mode}.${m}.p50`, f[m].p50)
          .set(`frames.${c.mode}.${m}.p99`, f[m].p99)
          .set(`frames.${c.mode}.${m}.rps`, f[m].rps);
      }
      figures.set(`frames.${c.mode}.kib`, f.answerBytes / 1024);
    }

    const metadata = await measureSeriesMetadata(generator, targets, ct, options.metadata, options.rounds, settle);
    for (const { target, figures } of servers) {
      const m = metadata.get(target.name);
      if (m) figures.set('metadata.p50', m.p50).set('metadata.p99', m.p99);
    }

    let stored = 0;
    for (const size of options.qidoStores) {
      const add = size - 2 - stored;
      for (const { target, figures } of servers) {
        await settle();
        const load = await ingest(
          target,
          `fill QIDO store to ${size} studies`,
          add,
          { batch: 100, concurrency: 4 },
          (i) => tiny[stored + i],
        );
        figures.set(`load.tiny.${size}`, load.instancesPerSecond);
        const found = await countPatientStudies(target, size - 3);
        if (found !== 1) progress(`WARNING: ${target.name} finds ${found} studies for the last patient sent (expected 1)`);
      }
      for (const query of QIDO_QUERIES) {
        const q = await measureQido(generator, targets, query, size - 2, options.qido, options.rounds, settle);
        for (const { target, figures } of servers) {
          const f = q.get(target.name);
          if (f) figures.set(`qido.${size}.${query.name}.p50`, f.p50).set(`qido.${size}.${query.name}.p99`, f.p99);
        }
      }
      stored += add;
    }
    for (const server of servers) server.figures.set('memory.peak', peakResidentMiB(server.process.child.pid));

    const ours = servers.find((s) => s.target.name === 'ours')?.figures ?? new Map<string, number>();
    const orthanc = servers.find((s) => s.target.name === 'Orthanc')?.figures ?? new Map<string, number>();
    console.log(
      `dicomweb benchmark${options.quick ? ' (--quick: reduced sizes)' : ''}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
    );
    for (const server of servers) console.log(`  ${server.target.name}: ${server.version}`);
    for (const c of frameContenders) console.log(`  frames ${c.key}: Accept ${c.accept}`);
    console.log(
      `  load average (1, 5, 15 min) at start ${loadAtStart}, at end ${loadAverage()}: other work on this machine skews figures; servers alternate in ${options.rounds} slices of every measurement`,
    );
    console.log(
      `  both on 127.0.0.1 in a loopback-only network namespace; clients: undici Pool, ${options.ingestClients} connections, same settings for both`,
    );
    console.log(
      '  timed loads (frames, metadata, QIDO, timed STOW-RS) run in a load generator of their own: a plain Node process with one undici Pool per server, apart from the benchmark process',
    );
    console.log('  latencies are ms per request with the whole answer read; ratio = ours / Orthanc\n');
    printResultTable(comparisonRows(ours, orthanc, options));
  } finally {
    await generator?.close();
    for (const server of servers) {
      await server.target.pool.close().catch(() => undefined);
      await stopProcess(server.process);
    }
    if (options.profile) printProfileSummary(path.join(work, 'ours', 'profile'));
    if (options.keep) progress(`server data and logs kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Orthanc's frames as it serves them: `transfer-syntax=*` asks for the stored syntax (explicit VR little endian
 * here); a plugin that does not know `*` is asked for explicit VR little endian by name.
 */
async function orthancFrameAccept(
  target: DicomwebTarget,
  ct: { studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUids: string[] },
): Promise<string> {
  const path = `/studies/${ct.studyInstanceUid}/series/${ct.seriesInstanceUid}/instances/${ct.sopInstanceUids[0]}/frames/1`;
  const asStored = frameAccept('application/octet-stream', '*');
  try {
    await getOk(target, path, asStored);
    return asStored;
  } catch {
    return frameAccept('application/octet-stream', UNCOMPRESSED);
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

/** Calls `report(n)` for every `step`-th n. */
function every(step: number, report: (n: number) => void): (n: number) => void {
  return (n) => {
    if (n % step === 0) report(n);
  };
}
