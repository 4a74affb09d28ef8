import type { Conspicuity } from '@triage/sample-data';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  BACKEND_NAMES,
  buildResNet,
  evaluateClassifier,
  modelConfig,
  predictScores,
  selectBackend,
  trainModel,
  type BackendName,
  type ModelConfig,
} from '@triage/model';
import type { Benchmark } from '../registry/benchmark';
import { chestImageSet } from './chest-image-set';
import { flopLimit, forwardFlops } from './flops';

/** The configurations measured by default: the small net, its 96 and 128 inputs, and the ResNet-18-like net the issue measured. */
const CONFIGS: Record<string, () => ModelConfig> = {
  small: () => modelConfig('small'),
  'small-96': () => modelConfig('small', { inputShape: [96, 96, 1] }),
  'small-128-pool': () => modelConfig('small', { inputShape: [128, 128, 1], stem: { filters: 16, kernel: 5, stride: 2, pool: true } }),
  'resnet18-128': () =>
    modelConfig('small', {
      inputShape: [128, 128, 1],
      blocks: [2, 2, 2, 2],
      widths: [32, 64, 128, 256],
      stem: { filters: 32, kernel: 7, stride: 2, pool: true },
    }),
  resnet50: () => modelConfig('resnet50'),
};

/**
 * Training throughput of each configuration x backend x replicas (images/s, ms per step, GFLOP/s
 * against this machine's limit, peak resident memory), and with --accuracy the small default
 * trained on 280 synthetic chest radiographs and tested on 60.
 */
export const trainingBenchmark: Benchmark = {
  name: 'training',
  description:
    'training images/s per configuration x backend x workers, GFLOP/s vs the FLOP limit (--configs small,small-96 --backends wasm,cpu --workers 1,2 --steps 6 --batch 16); --accuracy [--epochs 10 --conspicuity clear|varied --accuracy-workers 2]',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        configs: { type: 'string', default: 'small,small-96,small-128-pool,resnet18-128' },
        backends: { type: 'string', default: 'wasm,cpu' },
        workers: { type: 'string', default: '1,2' },
        steps: { type: 'string', default: '6' },
        batch: { type: 'string', default: '16' },
        accuracy: { type: 'boolean', default: false },
        epochs: { type: 'string', default: '10' },
        'learning-rate': { type: 'string', default: '0.001' },
        conspicuity: { type: 'string', default: 'clear' },
        'accuracy-workers': { type: 'string', default: '2' },
      },
    });
    const limit = flopLimit();
    process.stdout.write(
      `\nmachine: ${limit.cores} cores x ${limit.ghz.toFixed(2)} GHz x ${limit.flopsPerCycle} FLOP/cycle (${limit.simd}, 2 FMA pipes) = ${limit.peakGflops.toFixed(0)} GFLOP/s fp32 peak; ` +
        `128-bit wasm SIMD ceiling ${limit.wasmSimdGflops.toFixed(0)} GFLOP/s\n`,
    );
    if (values.conspicuity !== 'clear' && values.conspicuity !== 'varied')
      throw new Error(`--conspicuity: ${values.conspicuity} is not clear or varied`);
    if (values.accuracy)
      return accuracyRun(
        Number(values.epochs),
        Number(values['learning-rate']),
        Number(values.batch),
        Number(values['accuracy-workers']),
        values.conspicuity,
      );
    const batch = Number(values.batch);
    const steps = Number(values.steps);
    const header = ['config', 'backend', 'workers', 'params', 'train GFLOP/img', 'ms/step', 'images/s', 'GFLOP/s', '% of peak', 'peak RSS'];
    const rows: string[][] = [];
    for (const backend of values.backends.split(',') as BackendName[]) {
      if (!BACKEND_NAMES.includes(backend)) throw new Error(`unknown backend ${backend}`);
      try {
        await selectBackend({ backend, log: () => undefined });
      } catch (error) {
        process.stderr.write(`[training] ${backend} unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
        continue;
      }
      for (const name of values.configs.split(',')) {
        const make = CONFIGS[name];
        if (!make) throw new Error(`unknown configuration ${name} (known: ${Object.keys(CONFIGS).join(', ')})`);
        for (const workers of values.workers.split(',').map(Number)) {
          const config = make();
          const model = buildResNet(config);
          const trainFlops = 3 * forwardFlops(model);
          const [h, w, c] = config.inputShape;
          const n = batch * steps;
          const images = new Float32Array(n * h * w * c).map((_, i) => ((i * 2654435761) % 1000) / 1000);
          const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
          const seconds: number[] = [];
          // Epoch 1 warms up (kernels, allocations, worker start); epoch 2 is measured.
          await trainModel(model, { images, labels, shape: config.inputShape }, undefined, {
            epochs: 2,
            batchSize: batch,
            learningRate: 1e-3,
            seed: 'bench',
            workers,
            modelConfig: config,
            onEpoch: (e) => seconds.push(e.seconds),
          });
          const perImage = seconds[1] / n;
          const gflops = trainFlops / perImage / 1e9;
          rows.push([
            name,
            backend,
            String(workers),
            model.countParams().toLocaleString('en'),
            (trainFlops / 1e9).toFixed(3),
            ((seconds[1] / steps) * 1000).toFixed(0),
            (1 / perImage).toFixed(1),
            gflops.toFixed(2),
            `${((100 * gflops) / limit.peakGflops).toFixed(2)} %`,
            `${peakResidentMiB().toFixed(0)} MiB`,
          ]);
          process.stderr.write(`[training] ${rows.at(-1)?.join(' ')}\n`);
          model.dispose();
        }
      }
    }
    process.stdout.write(
      `\ntraining throughput, batch ${batch}, ${steps} steps measured after a warm-up epoch (train FLOPs = 3 x forward)\n`,
    );
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    for (const row of [header, ...rows]) process.stdout.write(`  ${row.map((v, i) => v.padEnd(widths[i])).join('  ')}\n`);
  },
};

/** The small default on 280 train / 60 validation / 60 test synthetic chest radiographs: test accuracy and AUC, and how long it took. */
async function accuracyRun(epochs: number, learningRate: number, batch: number, workers: number, conspicuity: Conspicuity): Promise<void> {
  const choice = await selectBackend({ log: () => undefined });
  const config = modelConfig('small');
  const [size] = config.inputShape;
  const started = performance.now();
  const set = (count: number, startIndex: number) => chestImageSet({ count, seed: 'bench-accuracy', size, startIndex, conspicuity });
  const [train, validation, test] = [set(280, 0), set(60, 280), set(60, 340)];
  const prepared = performance.now();
  const model = buildResNet(config);
  const result = await trainModel(model, train, validation, {
    epochs,
    batchSize: batch,
    learningRate,
    seed: 'bench',
    patience: 4,
    workers,
    modelConfig: config,
    onEpoch: (e) => process.stderr.write(`[training] ${JSON.stringify(e)}\n`),
  });
  const trained = performance.now();
  const evaluation = evaluateClassifier({
    scores: predictScores(model, test.images, 32),
    labels: test.labels,
    bootstrap: { samples: 1000, seed: 'bench' },
  });
  process.stdout.write(
    `\nsmall (${config.inputShape.join('x')}) on ${choice.backend}: 280 train / 60 validation / 60 test synthetic chest radiographs (${conspicuity} opacities), ${workers} replica(s)\n` +
      `  data ${((prepared - started) / 1000).toFixed(0)} s, training ${((trained - prepared) / 1000).toFixed(0)} s over ${result.history.length} epochs (best ${result.bestEpoch})\n` +
      `  test accuracy ${evaluation.accuracy.value.toFixed(3)} [${evaluation.accuracy.ci95.map((v) => v.toFixed(3)).join(', ')}], AUC ${evaluation.auc.value.toFixed(3)}\n`,
  );
}

/** VmHWM of this process (worker threads included). */
function peakResidentMiB(): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}
