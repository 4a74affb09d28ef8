import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Benchmark } from '../registry/benchmark';
import type { DicomwebTarget } from './client/dicomweb-target';
import { getOk } from './client/dicomweb-target';
import { transcodeBacklog } from './client/prometheus-text';
import { scrapeMetrics } from './client/server-metrics';
import type { CachedSeries } from './data/ct-series-cache';
import { cachedCtSeries } from './data/ct-series-cache';
import { tinyStudy } from './data/tiny-studies';
import { runGrowingStudy } from './growing-run';
import { SEED, every, loadAverage } from './run-support';
import { LoadGenerator } from './load/load-generator';
import { waitForDrain } from './measure/backlog';
import { timedCStore } from './measure/cstore';
import { EventLoopObserver } from './measure/event-loop';
import type { FrameContender } from './measure/frames';
import { frameAccept, measureFrames } from './measure/frames';
import { ingest, timedIngest } from './measure/ingest';
import { measureSeriesMetadata } from './measure/metadata';
import { QIDO_QUERIES, countPatientStudies, measureQido } from './measure/qido';
import type { DicomwebOptions } from './options';
import { DICOMWEB_USAGE, parseDicomwebOptions } from './options';
import { comparisonRows } from './report/comparison-rows';
import { record } from './report/figures';
import type { FramePhase } from './report/frame-keys';
import { recordFrames } from './report/frame-keys';
import { printProfileSummary } from './report/profile-summary';
import { progress } from './report/progress';
import { printResultTable } from './report/result-table';
import { inLoopbackNamespace } from './servers/network-namespace';
import { peakResidentMiB } from './servers/server-process';
import type { Server } from './servers/start-servers';
import { startServers, stopServers } from './servers/start-servers';
import { waitIdle } from './servers/wait-idle';
import { workspaceRoot } from '@triage/test-support';

const UNCOMPRESSED = '1.2.840.10008.1.2.1';
const HTJ2K = '1.2.840.10008.1.2.4.202';

/** Our DICOMweb server against Orthanc on the same data in one run: ingest, frames, metadata, QIDO. */
export const dicomwebBenchmark: Benchmark = {
  name: 'dicomweb',
  description: `DICOMweb and C-STORE side by side with Orthanc: ingest, transcoding backlog, frames, series metadata, QIDO (${DICOMWEB_USAGE})`,
  async run(args) {
    const options = parseDicomwebOptions(args);
    const exitCode = await inLoopbackNamespace();
    if (exitCode === undefined) return options.growing ? runGrowingStudy(options, options.growing) : runInNamespace(options);
    if (exitCode !== 0) throw new Error(`the benchmark (run under unshare -n) exited with ${exitCode}`);
  },
};

async function runInNamespace(options: DicomwebOptions): Promise<void> {
  const root = workspaceRoot();
  const loadAtStart = loadAverage();
  progress(`generating or reading cached data under ${options.cacheDir}`);
  const series = (index: number, slices: number, what: string): CachedSeries =>
    cachedCtSeries(
      options.cacheDir,
      SEED,
      index,
      slices,
      every(100, (n) => progress(`${what}: ${n}/${slices} slices generated`)),
    );
  const ct = series(0, options.ctSlices, 'CT series');
  const ingestSeries = series(1, options.ingestInstances, 'STOW-RS ingest set');
  const duringSeries = series(2, options.ctSlices, 'CT series read during its backlog');
  const cstoreSeries = series(3, options.ingestInstances, 'C-STORE ingest set');
  // Four studies are already there when the QIDO store is filled: the CT series and the three ingest sets.
  const largestStore = options.qidoStores[options.qidoStores.length - 1];
  const tiny = Array.from({ length: largestStore - 4 }, (_, i) => tinyStudy(SEED, i));
  progress(
    `data ready: ${ct.files.length}-slice CT (twice), ${ingestSeries.files.length}-instance ingest sets, ${tiny.length} small studies`,
  );

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-bench-dicomweb-'));
  let servers: Server[] = [];
  let generator: LoadGenerator | undefined;
  try {
    servers = await startServers(root, work, options);
    const ours = servers.find((s) => s.target.name === 'ours');
    const pids = servers.map((s) => s.process.child.pid).filter((pid): pid is number => pid !== undefined);
    // Our transcoding backlog drains first, so it does not land on the next measurement (Orthanc has none).
    const settle = async (): Promise<void> => {
      if (ours) await waitForDrain(ours.target, performance.now(), { intervalMs: 100, timeoutS: 300 });
      await waitIdle(pids);
    };
    const backlogGauge = ours ? transcodeBacklog(await scrapeMetrics(ours.target)) !== undefined : false;
    if (ours && !backlogGauge) progress('WARNING: our /metrics has no triage_transcode_backlog_frames: backlog taken as 0');
    const targets = servers.map((s) => s.target);
    generator = await LoadGenerator.start(root, options.ingestClients);

    const rates = await timedIngest(generator, targets, ingestSeries.files, options.rounds, options.ingestClients, settle);
    for (const { target, figures } of servers) record(figures, 'ingest.rate', rates.get(target.name) ?? NaN);
    for (const { target, dimse, figures } of servers) {
      await settle();
      const cstore = await timedCStore(target.name, dimse, cstoreSeries.files, options.cstoreAssociations);
      record(figures, 'cstore.rate', cstore.instancesPerSecond);
    }

    // The 600-slice series: its ack rate, then how long after its last ack our backlog takes to drain (no reads meanwhile).
    for (const { target, figures } of servers) {
      await settle();
      const result = await generator.stow(target, ct.files, 1, options.ingestClients);
      const ackedAt = performance.now();
      const seconds = result.wallMs / 1000;
      record(figures, 'ct.rate', result.refused ? NaN : result.stored / seconds);
      progress(
        `${target.name} ${ct.files.length}-slice CT: ${result.stored} stored in ${seconds.toFixed(1)} s (${(result.stored / seconds).toFixed(1)}/s)${result.refused ? `, ${result.refused} NOT STORED` : ''}`,
      );
      if (target !== ours?.target) continue;
      const drain = await waitForDrain(target, ackedAt);
      record(figures, 'ct.transcoded', drain.seconds);
      if (drain.seconds !== undefined)
        progress(
          `ours: ${drain.framesAtStart} frames to transcode at the last ack, all transcoded ${drain.seconds.toFixed(1)} s after it${drain.timedOut ? ' (GAVE UP WAITING)' : ''}`,
        );
    }

    const contenders = await frameContenders(servers, ct);
    const observer = new EventLoopObserver(ours?.target);
    const keep = (phase: FramePhase, frames: Awaited<ReturnType<typeof measureFrames>>): void => {
      for (const c of contenders) {
        const f = frames.get(c.key);
        const server = servers.find((s) => s.target === c.target);
        if (f && server) recordFrames(server.figures, phase, c.mode, f);
      }
    };
    // Right after an ingest, each server alone (the others idle), no settling: our frames come from the originals.
    for (const server of servers) {
      await settle();
      const result = await generator.stow(server.target, duringSeries.files, 1, options.ingestClients);
      progress(`${server.target.name}: ${result.stored} slices stored for the reads during the backlog`);
      const mine = contenders.filter((c) => c.target === server.target);
      keep(
        'during',
        await measureFrames(generator, mine, duringSeries, options.framesDuring, 1, noSettling, observer, ' (during backlog)'),
      );
    }
    for (let run = 1; run <= options.repeat; run++) {
      const label = options.repeat > 1 ? ` (run ${run}/${options.repeat})` : '';
      keep('after', await measureFrames(generator, contenders, ct, options.frames, options.rounds, settle, observer, label));
    }

    const metadata = await measureSeriesMetadata(generator, targets, ct, options.metadata, options.rounds, settle);
    for (const { target, figures } of servers) {
      const m = metadata.get(target.name);
      record(figures, 'metadata.p50', m?.p50);
      record(figures, 'metadata.p99', m?.p99);
    }
    await measureQidoStores(generator, servers, tiny, options, settle);
    for (const server of servers) record(server.figures, 'memory.peak', peakResidentMiB(server.process.child.pid));

    const figuresOf = (name: string): Map<string, number[]> => servers.find((s) => s.target.name === name)?.figures ?? new Map();
    console.log(
      `dicomweb benchmark${options.quick ? ' (--quick: reduced sizes)' : ''}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
    );
    for (const server of servers) console.log(`  ${server.target.name}: ${server.version}`);
    for (const c of contenders) console.log(`  frames ${c.key}: Accept ${c.accept}`);
    console.log(
      `  load average (1, 5, 15 min) at start ${loadAtStart}, at end ${loadAverage()}: other work on this machine skews figures; servers alternate in ${options.rounds} slices of every measurement after transcoding`,
    );
    console.log(
      `  both on 127.0.0.1 in a loopback-only network namespace; HTTP clients: undici Pool, ${options.ingestClients} connections, same settings for both, in a load generator process of their own; C-STORE: dcmtk storescu, ${options.cstoreAssociations} associations at once`,
    );
    console.log(
      "  latencies are ms per request with the whole answer read; time to headers = until the answer's headers arrived, body = the rest; server event-loop delay: our /metrics (prom-client, reset by a scrape before each slice, read after it; p99 and max: highest of the slices)",
    );
    console.log('  "during backlog": each server alone, right after it acknowledged a second copy of the series; ratio = ours / Orthanc\n');
    printResultTable(comparisonRows(figuresOf('ours'), figuresOf('Orthanc'), options, { backlogGauge }));
  } finally {
    await generator?.close();
    await stopServers(servers);
    if (options.profile) printProfileSummary(path.join(work, 'ours', 'profile'));
    if (options.keep) progress(`server data and logs kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The settle step of the reads during the backlog: none, they are meant to overlap it. */
function noSettling(): Promise<void> {
  return Promise.resolve();
}

/** Ours asked for HTJ2K and for explicit VR little endian; Orthanc for frames as it stores them (raw). */
async function frameContenders(servers: Server[], ct: CachedSeries): Promise<FrameContender[]> {
  const contenders: FrameContender[] = [];
  for (const { target } of servers) {
    if (target.name === 'ours') {
      contenders.push(
        { key: 'ours htj2k', mode: 'htj2k', target, accept: frameAccept('image/jph', HTJ2K) },
        { key: 'ours raw', mode: 'raw', target, accept: frameAccept('application/octet-stream', UNCOMPRESSED) },
      );
    } else {
      contenders.push({ key: `${target.name} stored`, mode: 'stored', target, accept: await orthancFrameAccept(target, ct) });
    }
  }
  return contenders;
}

/** Fills both stores with small studies step by step and measures the QIDO queries at each size. */
async function measureQidoStores(
  generator: LoadGenerator,
  servers: Server[],
  tiny: Uint8Array[],
  options: DicomwebOptions,
  settle: () => Promise<void>,
): Promise<void> {
  let stored = 0;
  for (const size of options.qidoStores) {
    const add = size - 4 - stored;
    for (const { target, figures } of servers) {
      await settle();
      const load = await ingest(target, `fill QIDO store to ${size} studies`, add, { batch: 100, concurrency: 4 }, (i) => tiny[stored + i]);
      record(figures, `load.tiny.${size}`, load.instancesPerSecond);
      const found = await countPatientStudies(target, size - 5);
      if (found !== 1) progress(`WARNING: ${target.name} finds ${found} studies for the last patient sent (expected 1)`);
    }
    for (const query of QIDO_QUERIES) {
      const q = await measureQido(
        generator,
        servers.map((s) => s.target),
        query,
        size - 4,
        options.qido,
        options.rounds,
        settle,
      );
      for (const { target, figures } of servers) {
        const f = q.get(target.name);
        record(figures, `qido.${size}.${query.name}.p50`, f?.p50);
        record(figures, `qido.${size}.${query.name}.p99`, f?.p99);
      }
    }
    stored += add;
  }
}

/**
 * Orthanc's frames as it serves them: `transfer-syntax=*` asks for the stored syntax (explicit VR little endian
 * here); a plugin that does not know `*` is asked for explicit VR little endian by name.
 */
export async function orthancFrameAccept(
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
