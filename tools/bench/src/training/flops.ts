import * as fs from 'node:fs';
import type { tf } from '@triage/model';

/** Forward FLOPs of one image (2 per multiply-add of every convolution and dense layer; the rest is small beside them). */
export function forwardFlops(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (name !== 'Conv2D' && name !== 'Dense') continue;
    const kernel = layer.getWeights()[0].shape;
    const out = layer.outputShape as number[];
    const positions = name === 'Conv2D' ? out[1] * out[2] : 1;
    flops += 2 * positions * kernel.reduce((a, b) => a * b, 1);
  }
  return flops;
}

/** This machine's fp32 peak: cores x GHz x FLOPs per cycle (two FMA units of the widest SIMD), and the ceiling of 128-bit wasm SIMD. */
export interface FlopLimit {
  cores: number;
  ghz: number;
  simd: string;
  flopsPerCycle: number;
  peakGflops: number;
  wasmSimdGflops: number;
}

/** Reads /proc/cpuinfo. */
export function flopLimit(): FlopLimit {
  const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const cores = (info.match(/^processor\s*:/gm) ?? []).length || 1;
  const mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(info)?.[1] ?? NaN);
  const flags = /^flags\s*:(.*)$/m.exec(info)?.[1] ?? '';
  const has = (flag: string) => new RegExp(`\\b${flag}\\b`).test(flags);
  const lanes = has('avx512f') ? 16 : has('avx2') ? 8 : 4;
  const fma = has('fma') ? 2 : 1;
  // Two FMA (or add + mul) pipes per core, as on every x86 core of the last decade.
  const flopsPerCycle = 2 * lanes * fma;
  const ghz = mhz / 1000;
  return {
    cores,
    ghz,
    simd: lanes === 16 ? 'AVX-512' : lanes === 8 ? 'AVX2' : 'SSE',
    flopsPerCycle,
    peakGflops: cores * ghz * flopsPerCycle,
    // wasm SIMD is 128-bit without FMA in tfjs 4.22: a 4-lane multiply and a 4-lane add per cycle.
    wasmSimdGflops: cores * ghz * 8,
  };
}
