import type { DicomwebTarget } from '../client/dicomweb-target';
import type { GrowingStudy } from '../data/growing-study';
import type { GrowingStepResult, LoadGenerator } from '../load/load-generator';
import { progress } from '../report/progress';
import { failures } from './frames';
import { percentile } from './load';

/** Reads of one step of the growing study (the study held `from` up to `upTo` instances while they were sent). */
export interface GrowingStepFigures {
  from: number;
  upTo: number;
  readsPerSecond: number;
  p50: number;
  p99: number;
  headersP99: number;
  writesPerSecond: number;
  readFailures: number;
  writeFailures: number;
  /** Our server's event-loop delay over the step; undefined for Orthanc. */
  loopP99?: number;
  loopMax?: number;
}

/** A step's figures: reads per second of the writer's time for the step, latency percentiles, the writer's rate. */
export function growingStepFigures(step: GrowingStepResult, stepSize: number): GrowingStepFigures {
  const from = step.index * stepSize;
  return {
    from,
    upTo: from + step.writes,
    readsPerSecond: step.seconds > 0 ? step.latencies.length / step.seconds : NaN,
    p50: percentile(step.latencies, 50),
    p99: percentile(step.latencies, 99),
    headersP99: percentile(step.headers, 99),
    writesPerSecond: step.seconds > 0 ? step.writes / step.seconds : NaN,
    readFailures: step.failures,
    writeFailures: step.writeFailures,
    loopP99: step.loop?.p99Ms,
    loopMax: step.loop?.maxMs,
  };
}

/** One server's growing-study run: the writer sends the study's instances while the readers read frames of those acked. */
export async function measureGrowingStudy(
  generator: LoadGenerator,
  target: DicomwebTarget,
  study: GrowingStudy,
  accept: string,
  options: { step: number; readers: number; maxSeconds: number; eventLoop: boolean },
): Promise<GrowingStepFigures[]> {
  const framePaths = study.sopInstanceUids.map(
    (sop) => `/studies/${study.studyInstanceUid}/series/${study.seriesInstanceUid}/instances/${sop}/frames/1`,
  );
  progress(`${target.name} growing study: 1 writer, ${options.readers} readers, up to ${study.files.length} instances`);
  const result = await generator.growing(target, study.files, framePaths, { accept, ...options });
  const steps = result.steps.map((s) => growingStepFigures(s, options.step));
  for (const [i, s] of steps.entries()) {
    const raw = result.steps[i];
    progress(
      `${target.name} growing study ${s.from}–${s.upTo}: reads ${s.readsPerSecond.toFixed(1)}/s, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (headers p99 ${s.headersP99.toFixed(1)}); writes ${s.writesPerSecond.toFixed(1)}/s${s.loopMax === undefined ? '' : `; event loop p99 ${s.loopP99?.toFixed(1)} ms, max ${s.loopMax.toFixed(1)} ms`}${s.writeFailures ? `, ${s.writeFailures} writes FAILED` : ''}${failures(raw.failures, raw.firstFailure)}`,
    );
  }
  progress(`${target.name} growing study: ${result.stored} of ${result.written} instances stored`);
  return steps;
}
