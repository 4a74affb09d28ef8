import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { deriveUid } from '@triage/sample-data';
import type { Benchmark } from '../registry/benchmark';
import type { DicomwebTarget } from '../dicomweb/client/dicomweb-target';
import { get, stow } from '../dicomweb/client/dicomweb-target';
import { tinyStudy } from '../dicomweb/data/tiny-studies';
import { percentile } from '../dicomweb/measure/load';
import { peakResidentMiB, stopProcess } from '../dicomweb/servers/server-process';
import { startTriage } from '../dicomweb/servers/triage-server';
import { workspaceRoot } from '@triage/test-support';
import { ResidentSampler } from './resident-memory';

const SEED = 'bench-memory';
const BATCH = 100;
const CLIENTS = 4;
/** The bar from the house rules: the API stays under 1 GiB resident with 100,000 instances stored. */
const LIMIT_MIB = 1024;

/**
 * Resident memory of our API while 100,000 instances are ingested and then read (QIDO pages and
 * wildcard queries, series metadata and frames of studies spread over the whole store).
 */
export const memoryBenchmark: Benchmark = {
  name: 'memory',
  description: 'resident memory of the API with 100,000 instances stored and read (--instances N, --reads N: default 100000 and 500)',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { instances: { type: 'string', default: '100000' }, reads: { type: 'string', default: '500' } },
    });
    const instances = Number(values.instances);
    const reads = Number(values.reads);
    if (!(instances >= BATCH) || !(reads >= 1)) throw new Error('--instances must be at least 100 and --reads at least 1');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-bench-memory-'));
    const server = await startTriage(workspaceRoot(), work, 'source', CLIENTS);
    const pid = server.process.child.pid;
    const sampler = new ResidentSampler(pid);
    const rows: [string, string][] = [];
    try {
      sampler.take();
      const started = performance.now();
      await ingestTiny(server.target, instances);
      const seconds = (performance.now() - started) / 1000;
      rows.push(['instances stored', `${instances} in ${seconds.toFixed(0)} s (${(instances / seconds).toFixed(0)}/s)`]);
      rows.push(['resident during ingest, highest', mib(sampler.take())]);

      const latencies = await readAcross(server.target, instances, reads);
      rows.push([`resident during reads (${reads} × QIDO page, wildcard QIDO, series metadata, frame), highest`, mib(sampler.take())]);
      for (const [what, ms] of Object.entries(latencies))
        rows.push([`  ${what}: p50 / p99`, `${percentile(ms, 50).toFixed(1)} / ${percentile(ms, 99).toFixed(1)} ms`]);
      const peak = peakResidentMiB(pid);
      rows.push(['peak resident (VmHWM)', `${mib(peak)}  ${peak <= LIMIT_MIB ? 'met' : 'MISSED'} (limit ${LIMIT_MIB} MiB)`]);
      rows.push(['data directory', `${(directoryBytes(path.join(work, 'data')) / 1024 / 1024).toFixed(0)} MiB`]);
    } finally {
      sampler.stop();
      await stopProcess(server.process);
      await server.target.pool.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
    process.stdout.write(`\nAPI resident memory, ${server.version}\n`);
    for (const [what, value] of rows) process.stdout.write(`  ${what.padEnd(88)} ${value}\n`);
  },
};

/** STOW-RS of `count` one-instance studies, generated batch by batch so the benchmark never holds them all. */
async function ingestTiny(target: DicomwebTarget, count: number): Promise<void> {
  let next = 0;
  let done = 0;
  const client = async (): Promise<void> => {
    while (next < count) {
      const first = next;
      next = Math.min(count, next + BATCH);
      const files = Array.from({ length: next - first }, (_, k) => tinyStudy(SEED, first + k));
      const outcome = await stow(target, files);
      if (outcome.failed) throw new Error(`${outcome.failed} of ${files.length} instances refused`);
      done += files.length;
      if (done % 10_000 < BATCH) process.stderr.write(`[memory] ${done}/${count} instances stored\n`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
}

/** Reads spread over the whole store, so that every cache meets far more than it can hold; the latencies of each kind. */
async function readAcross(target: DicomwebTarget, count: number, reads: number): Promise<Record<string, number[]>> {
  const json = 'application/dicom+json';
  const frames = 'multipart/related; type="image/jph"; transfer-syntax=1.2.840.10008.1.2.4.202';
  const latencies: Record<string, number[]> = {
    'QIDO page (includefield=all)': [],
    'QIDO PatientName wildcard': [],
    'series metadata': [],
    'frame (HTJ2K)': [],
  };
  const timed = async (kind: string, path: string, accept: string) => {
    const started = performance.now();
    const answer = await get(target, path, accept);
    latencies[kind].push(performance.now() - started);
    return answer;
  };
  for (let r = 0; r < reads; r++) {
    const i = Math.floor((r * 7919) % count);
    const study = deriveUid(SEED, `tiny/${i}/study`);
    const series = deriveUid(SEED, `tiny/${i}/series`);
    const sop = deriveUid(SEED, `tiny/${i}/instance`);
    const answers = [
      await timed('QIDO page (includefield=all)', `/studies?limit=100&offset=${(r * 100) % count}&includefield=all`, json),
      await timed('QIDO PatientName wildcard', `/studies?PatientName=${['KAR', 'TEL', 'MON', 'SUL'][r % 4]}*&limit=100`, json),
      await timed('series metadata', `/studies/${study}/series/${series}/metadata`, json),
      await timed('frame (HTJ2K)', `/studies/${study}/series/${series}/instances/${sop}/frames/1`, frames),
    ];
    const failed = answers.find((a) => a.status !== 200);
    if (failed) throw new Error(`a read answered HTTP ${failed.status}: ${failed.body.subarray(0, 200).toString('utf8')}`);
  }
  return latencies;
}

function mib(value: number): string {
  return `${value.toFixed(0)} MiB`;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}
