/**
 * Times one conv2d forward and backward (input and filter gradients) per layer shape of the small
 * ResNet (batch 8, 128x128x1) on wasm and cpu, with wasm's own scalar Conv2DBackpropInput beside
 * the XNNPACK-based replacement, and prints how far each wasm gradient is from cpu's.
 * Run by hand: `npx tsx --conditions=@triage/source libs/model/src/backend/conv2d-backward.bench.ts`.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as os from 'node:os';
import { tf } from '../tf';
import { selectBackend } from './select-backend';

interface Layer {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
}

const BATCH = 8;
const LAYERS: Layer[] = [
  { name: 'stem 7x7/2 1->32 @128', x: [BATCH, 128, 128, 1], filter: [7, 7, 1, 32], strides: 2 },
  { name: '3x3 32->32 @32', x: [BATCH, 32, 32, 32], filter: [3, 3, 32, 32], strides: 1 },
  { name: '3x3/2 32->64 @32', x: [BATCH, 32, 32, 32], filter: [3, 3, 32, 64], strides: 2 },
  { name: '1x1/2 32->64 @32', x: [BATCH, 32, 32, 32], filter: [1, 1, 32, 64], strides: 2 },
  { name: '3x3 128->128 @8', x: [BATCH, 8, 8, 128], filter: [3, 3, 128, 128], strides: 1 },
  { name: '3x3 256->256 @4', x: [BATCH, 4, 4, 256], filter: [3, 3, 256, 256], strides: 1 },
];
const REPEATS = 5;
// cpu's Conv2DBackpropFilter takes tens of seconds per call: timed once.
const SLOW_REPEATS = 1;

// Captured before selectBackend replaces it: wasm's own Conv2DBackpropInput, for comparison.
const NATIVE_BACKPROP_INPUT = tf.getKernel('Conv2DBackpropInput', 'wasm');

type Op = 'forward' | 'backprop input' | 'backprop filter';

function run(op: Op, layer: Layer, x: tf.Tensor4D, w: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor {
  const attrs = { strides: layer.strides, pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap;
  if (op === 'forward') return tf.conv2d(x, w, layer.strides, 'same');
  if (op === 'backprop input') return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: layer.x });
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: layer.filter });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median milliseconds of `op`, and its output values (for the accuracy column). */
function time(op: Op, layer: Layer, inputs: Float32Array[], repeats = REPEATS): { ms: number; values: Float32Array } {
  const [x, w, dy] = [layer.x, layer.filter, outShape(layer)].map((shape, i) => tf.tensor4d(inputs[i], shape));
  const times: number[] = [];
  let values: Float32Array = new Float32Array(0);
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const out = run(op, layer, x, w, dy);
    values = out.dataSync() as Float32Array;
    times.push(performance.now() - start);
    out.dispose();
  }
  tf.dispose([x, w, dy]);
  return { ms: median(times), values };
}

function outShape(layer: Layer): [number, number, number, number] {
  const [n, h, w] = layer.x;
  return [n, Math.ceil(h / layer.strides), Math.ceil(w / layer.strides), layer.filter[3]];
}

function gflop(layer: Layer): number {
  const [n, oh, ow, co] = outShape(layer);
  const [kh, kw, ci] = layer.filter;
  return (2 * n * oh * ow * co * kh * kw * ci) / 1e9;
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
  }
  return diff / scale;
}

async function main(): Promise<void> {
  await selectBackend({ backend: 'cpu', log: () => undefined });
  const rows: string[][] = [['layer', 'op', 'GFLOP', 'cpu ms', 'wasm ms', 'wasm GFLOP/s', 'wasm native ms', 'wasm vs cpu rel. err']];
  process.stdout.write(
    `load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  for (const layer of LAYERS) {
    const inputs = [layer.x, layer.filter, outShape(layer)].map((shape, i) =>
      tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', i + 1).dataSync() as Float32Array),
    );
    for (const op of ['forward', 'backprop input', 'backprop filter'] as Op[]) {
      await selectBackend({ backend: 'cpu', log: () => undefined });
      const cpu = time(op, layer, inputs, op === 'backprop filter' ? SLOW_REPEATS : REPEATS);
      await selectBackend({ backend: 'wasm', log: () => undefined });
      const wasm = time(op, layer, inputs);
      let native = '-';
      if (op === 'backprop input' && NATIVE_BACKPROP_INPUT) {
        const ours = tf.getKernel('Conv2DBackpropInput', 'wasm');
        tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
        tf.registerKernel(NATIVE_BACKPROP_INPUT);
        // Its setup (binding the C++ function) ran only for kernels registered when wasm initialised.
        NATIVE_BACKPROP_INPUT.setupFunc?.(tf.backend());
        native = time(op, layer, inputs).ms.toFixed(1);
        tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
        if (ours) tf.registerKernel(ours);
      }
      rows.push([
        layer.name,
        op,
        gflop(layer).toFixed(3),
        cpu.ms.toFixed(1),
        wasm.ms.toFixed(1),
        (gflop(layer) / (wasm.ms / 1000)).toFixed(1),
        native,
        relativeError(wasm.values, cpu.values).toExponential(1),
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  process.stdout.write(
    `load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (${os.cpus().length} cores)\n`,
  );
  for (const row of rows) process.stdout.write(`| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
