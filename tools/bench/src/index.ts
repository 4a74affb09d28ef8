export type { Benchmark } from './registry/benchmark';
export { benchmarks } from './registry/registry';
export { syntheticCtSlice } from './codec/synthetic-ct';
