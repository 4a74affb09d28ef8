// Where ingest's CPU goes per 512x512 16-bit frame, and how fast the background transcoder drains
// a backlog on the codec pool. A measurement, not a test: prints figures, asserts nothing.
// Run: node --conditions=@triage/source --import tsx libs/healthimaging/src/local/test-support/measure-ingest-cost.ts [instances]
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { CodecPool, decodeFrame, encodeHtj2k } from '@triage/codec';
import { getFrames, readPart10, readPixelInfo, summarizeFrame, toDicomJson, TransferSyntax } from '@triage/dicom';
import { syntheticPart10 } from '@triage/test-support';
import { LocalHealthImaging } from '../local-health-imaging';

const count = Number(process.argv[2] ?? 60);
const study = '1.2.826.0.1.3680043.8.498.990';
const instances = Array.from({ length: count }, (_, n) =>
  syntheticPart10({
    study,
    series: `${study}.1`,
    sop: `${study}.1.${n}`,
    instanceNumber: n,
    seed: n,
    rows: 512,
    columns: 512,
    bitsStored: 12,
  }),
);

function phases(): Record<string, number> {
  const totals: Record<string, number> = {};
  const time = <T>(name: string, work: () => T): T => {
    const start = process.hrtime.bigint();
    const out = work();
    totals[name] = (totals[name] ?? 0) + Number(process.hrtime.bigint() - start) / 1e6;
    return out;
  };
  for (const bytes of instances) {
    time('sha256 of the bytes', () => createHash('sha256').update(bytes).digest('hex'));
    const file = time('parse + DICOM JSON', () => {
      const f = readPart10(bytes);
      toDicomJson(f);
      return f;
    });
    const info = readPixelInfo(file);
    const { numberOfFrames: _n, ...frameInfo } = info;
    const frame = time('cut frames', () => getFrames(file, info)[0]);
    const decoded = time('decode native (view)', () => decodeFrame(TransferSyntax.ExplicitVRLittleEndian, frame.bytes, frameInfo));
    time('pixel summary', () => summarizeFrame(decoded));
    time('CRC-32 of the original file', () => zlib.crc32(decoded.pixels));
    const encoded = time('HTJ2K encode', () => encodeHtj2k({ ...decoded, pixels: decoded.pixels.slice() }));
    time('HTJ2K decode (check)', () => decodeFrame(TransferSyntax.HTJ2KLosslessRPCL, encoded, frameInfo));
  }
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, v / count]));
}

async function main(): Promise<void> {
  const perFrame = phases();
  const cores = os.availableParallelism();
  process.stdout.write(
    `machine: ${os.cpus()[0]?.model} x${cores}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  process.stdout.write(`per 512x512 16-bit frame, one thread, mean of ${count}:\n`);
  for (const [name, ms] of Object.entries(perFrame)) process.stdout.write(`  ${name.padEnd(30)} ${ms.toFixed(2)} ms\n`);

  for (const verify of [true, false]) await ingestAndDrain(perFrame, verify);
  await ingestBeforeAck();
}

/** Workers start (and compile the codec) on first use: each is warmed before anything is measured. */
async function warmPool(pool: CodecPool): Promise<Omit<ReturnType<typeof readPixelInfo>, 'numberOfFrames'>> {
  const file = readPart10(instances[0]);
  const { numberOfFrames: _n, ...frameInfo } = readPixelInfo(file);
  const warm = () => pool.encodeHtj2k(decodeFrame(TransferSyntax.ExplicitVRLittleEndian, getFrames(file)[0].bytes, frameInfo));
  await Promise.all(Array.from({ length: pool.size * 2 }, warm));
  return frameInfo;
}

/** The old way for comparison: each instance encoded (and checked) before it is acknowledged. */
async function ingestBeforeAck(): Promise<void> {
  const cores = os.availableParallelism();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-cost-'));
  const pool = new CodecPool({ size: cores });
  await warmPool(pool);
  const store = await LocalHealthImaging.open({ dataDir, codecPool: pool, transcode: 'before-ack', verifyTranscodes: false });
  try {
    const ds = await store.ensureDatastore('cost');
    let next = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) await store.storeInstance(ds, instances[next++]);
      }),
    );
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(
      `ingest with transcode 'before-ack' (no check): ${((count / ms) * 1000).toFixed(0)} inst/s, ` +
        `${((cpu.user + cpu.system) / 1000 / count).toFixed(2)} ms CPU per instance (all threads)\n`,
    );
  } finally {
    await store.close();
    await pool.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function ingestAndDrain(perFrame: Record<string, number>, verify: boolean): Promise<void> {
  const cores = os.availableParallelism();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-cost-'));
  const pool = new CodecPool({ size: cores });
  const frameInfo = await warmPool(pool);
  const store = await LocalHealthImaging.open({ dataDir, codecPool: pool, transcode: 'paused', verifyTranscodes: verify });
  try {
    const ds = await store.ensureDatastore('cost');
    let next = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) await store.storeInstance(ds, instances[next++]);
      }),
    );
    const ackMs = performance.now() - t0;
    const ackCpu = process.cpuUsage(cpu0);
    process.stdout.write(
      `ingest (ack, 8 concurrent, transcoding paused): ${((count / ackMs) * 1000).toFixed(0)} inst/s, ` +
        `${((ackCpu.user + ackCpu.system) / 1000 / count).toFixed(2)} ms CPU per instance (all threads)\n`,
    );
    // The bound in the same minute (the machine is shared): the same frames through the pool, encode only, all workers busy.
    const frames = instances.map((bytes) => {
      const f = readPart10(bytes);
      return decodeFrame(TransferSyntax.ExplicitVRLittleEndian, getFrames(f)[0].bytes, frameInfo);
    });
    const tb = performance.now();
    await Promise.all(frames.map((f) => pool.encodeHtj2k(f)));
    const bound = (count / (performance.now() - tb)) * 1000;
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    store.resumeTranscoding();
    await store.transcodesSettled();
    const drainMs = performance.now() - t1;
    const drainCpu = process.cpuUsage(cpu1);
    const rate = (count / drainMs) * 1000;
    const target = (cores / perFrame['HTJ2K encode']) * 1000;
    process.stdout.write(
      `transcoder (pool of ${cores}, verifyTranscodes ${verify}): ${rate.toFixed(1)} frames/s, ${((drainCpu.user + drainCpu.system) / 1000 / count).toFixed(2)} ms CPU per frame; ` +
        `cores / encode time = ${target.toFixed(1)} frames/s (ratio ${((rate / target) * 100).toFixed(0)} %); ` +
        `pool encoding alone now: ${bound.toFixed(1)} frames/s (ratio ${((rate / bound) * 100).toFixed(0)} %)\n`,
    );
  } finally {
    await store.close();
    await pool.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
