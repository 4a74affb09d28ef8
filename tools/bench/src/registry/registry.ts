import { codecBenchmark } from '../codec/codec-benchmark';
import { dicomwebBenchmark } from '../dicomweb/dicomweb-benchmark';
import { memoryBenchmark } from '../memory/memory-benchmark';
import { scoringBenchmark } from '../suites/scoring-benchmark';
import { trainingBenchmark } from '../training/training-benchmark';
import { viewerBenchmark } from '../viewer/viewer-benchmark';
import type { Benchmark } from './benchmark';

/** Every benchmark, by the name given on the command line; add new ones here. */
export const benchmarks: Record<string, Benchmark> = {
  [codecBenchmark.name]: codecBenchmark,
  [dicomwebBenchmark.name]: dicomwebBenchmark,
  [memoryBenchmark.name]: memoryBenchmark,
  [scoringBenchmark.name]: scoringBenchmark,
  [trainingBenchmark.name]: trainingBenchmark,
  [viewerBenchmark.name]: viewerBenchmark,
};
