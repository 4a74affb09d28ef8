import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { encodeHtj2k, type DecodedFrame } from '@triage/codec';
import { readPart10, readPixelInfo, toDicomJson, TransferSyntax, writePart10 } from '@triage/dicom';
import { ScoringPool, type ImageScore } from '@triage/inference';
import {
  buildResNet,
  FILE_SCHEME,
  MODEL_ARTIFACT_METADATA_FILE,
  modelConfig,
  registerModelIo,
  selectBackend,
  type BackendName,
  type ModelArtifactMetadata,
} from '@triage/model';
import { generateChestRadiograph } from '@triage/sample-data';
import type { Benchmark } from '../registry/benchmark';

/**
 * Scoring one new image on one worker thread (one core): the small net (seeded weights, saved as
 * train saves it) over synthetic chest radiographs stored as the store keeps them (HTJ2K lossless)
 * or native, per size: decode (parse, decode, Modality LUT, window), input (area resize), predict,
 * total in the worker, and the round trip seen by the caller; p50 and p99; peak RSS of the process.
 */
export const scoringBenchmark: Benchmark = {
  name: 'scoring',
  description:
    'ms per image on one scoring worker (small net): decode, input, predict, total, p50/p99, peak RSS (--sizes 512,2048 --syntaxes htj2k,native --images 100 --backend wasm)',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        sizes: { type: 'string', default: '512,2048' },
        syntaxes: { type: 'string', default: 'htj2k,native' },
        images: { type: 'string', default: '100' },
        distinct: { type: 'string', default: '20' },
        backend: { type: 'string', default: 'wasm' },
      },
    });
    const count = Number(values.images);
    const distinct = Math.min(count, Number(values.distinct));
    const backend = values.backend as BackendName;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scoring-'));
    try {
      await selectBackend({ backend, log: () => undefined });
      const modelDir = path.join(work, 'model');
      await saveSmallModel(modelDir);
      const model = { modelPackageArn: 'arn:bench:model-package/triage-chest-xray/1', version: 1, modelDir };
      const header = [
        'size',
        'syntax',
        'file',
        'decode',
        'input',
        'predict',
        'worker total',
        'round trip',
        'CPU ms/image',
        'images/s',
        'peak RSS',
      ];
      const rows: string[][] = [];
      for (const size of values.sizes.split(',').map(Number)) {
        for (const syntax of values.syntaxes.split(',')) {
          if (syntax !== 'htj2k' && syntax !== 'native') throw new Error(`--syntaxes: ${syntax} is not htj2k or native`);
          // `distinct` generated radiographs, cycled to `count` scores (generating 2048s is slower than scoring them).
          const files = Array.from({ length: distinct }, (_, i) => part10(i, size, syntax));
          const pool = ScoringPool.open({ size: 1, backend });
          try {
            await pool.score(model, files[0].slice()); // the worker starts, the backend and the model load
            const scores: ImageScore[] = [];
            const trips: number[] = [];
            const cpu = process.cpuUsage();
            const started = performance.now();
            for (let i = 0; i < count; i++) {
              const bytes = files[i % distinct].slice();
              const sent = performance.now();
              scores.push(await pool.score(model, bytes));
              trips.push(performance.now() - sent);
            }
            const seconds = (performance.now() - started) / 1000;
            const used = process.cpuUsage(cpu);
            const of = (pick: (s: ImageScore) => number) => scores.map(pick);
            rows.push([
              `${size}`,
              syntax,
              `${(files[0].length / 1024).toFixed(0)} KiB`,
              percentiles(of((s) => s.timings.decodeMs)),
              percentiles(of((s) => s.timings.inputMs)),
              percentiles(of((s) => s.timings.predictMs)),
              percentiles(of((s) => s.timings.totalMs)),
              percentiles(trips),
              ((used.user + used.system) / 1000 / count).toFixed(1),
              (count / seconds).toFixed(1),
              `${peakResidentMiB().toFixed(0)} MiB`,
            ]);
            process.stderr.write(`[scoring] ${rows.at(-1)?.join(' ')}\n`);
          } finally {
            await pool.close();
          }
        }
      }
      process.stdout.write(
        `\nscoring on one worker thread (${backend}), small net 64x64x1, ${count} images per row (${distinct} distinct), ms per image as min / p50 / p99 (min: the figure least disturbed by other load); CPU ms/image: the process's CPU time (all threads) over the row / images, which other load does not inflate\n` +
          `machine: ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}\n`,
      );
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      for (const row of [header, ...rows]) process.stdout.write(`  ${row.map((v, i) => v.padEnd(widths[i])).join('  ')}\n`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};

/** The small default, seeded, saved with its triage-model.json as train does. */
async function saveSmallModel(dir: string): Promise<void> {
  registerModelIo();
  const model = buildResNet(modelConfig('small', { seed: 7 }));
  fs.mkdirSync(dir, { recursive: true });
  await model.save(`${FILE_SCHEME}${dir}`);
  model.dispose();
  const metadata: ModelArtifactMetadata = {
    format: 'triage-model/1',
    architecture: 'small',
    inputShape: [64, 64, 1],
    classes: ['normal', 'pneumonia'],
    positiveClass: 1,
    preprocessing: { window: 'file', resize: 'area', normalise: 'unit' },
    trainedOn: { backend: 'bench', hyperparameters: {}, seed: '7' },
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(dir, MODEL_ARTIFACT_METADATA_FILE), JSON.stringify(metadata));
}

/** A generated chest radiograph, native as generated or HTJ2K lossless RPCL as the store keeps it. */
function part10(index: number, size: number, syntax: 'htj2k' | 'native'): Uint8Array {
  const generated = generateChestRadiograph({ seed: 'bench-scoring', index, size });
  if (syntax === 'native') return generated.bytes;
  const file = readPart10(generated.bytes);
  const { numberOfFrames: _frames, ...info } = readPixelInfo(file);
  const { pixels } = generated.frame;
  const frame: DecodedFrame = {
    ...info,
    pixels: new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength),
    planarConfiguration: 0,
  };
  return writePart10(toDicomJson(file), { transferSyntaxUid: TransferSyntax.HTJ2KLosslessRPCL, pixelData: [encodeHtj2k(frame)] });
}

function percentiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return `${sorted[0].toFixed(1)} / ${at(0.5).toFixed(1)} / ${at(0.99).toFixed(1)}`;
}

/** VmHWM of this process (worker threads included). */
function peakResidentMiB(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}
