import * as readline from 'node:readline';
import { parseProgressLine } from '@triage/pipeline';

/** One epoch of training as the train step reports it (its `epoch` progress lines): what the curves draw. */
export interface EpochPoint {
  epoch: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  learningRate?: number;
  seconds?: number;
}

const FIELDS = ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'learningRate', 'seconds'] as const;

/** The epochs reported so far in a train log, in order, and how many epochs the run was asked for (the lines' `total`). */
export async function epochsOfLog(stream: NodeJS.ReadableStream): Promise<{ epochs: EpochPoint[]; total?: number }> {
  const byEpoch = new Map<number, EpochPoint>();
  let total: number | undefined;
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    const progress = parseProgressLine(line);
    if (progress?.phase !== 'epoch') continue;
    total = progress.total;
    const point: EpochPoint = { epoch: progress.done };
    for (const field of FIELDS) {
      // JSON has no NaN: an undefined validation accuracy arrives null and is left out, not drawn as 0.
      const value = progress.metrics?.[field];
      if (typeof value === 'number' && Number.isFinite(value)) point[field] = value;
    }
    // A line for the same epoch again (a resumed attempt) replaces the earlier one.
    byEpoch.set(point.epoch, point);
  }
  return { epochs: [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch), ...(total !== undefined && { total }) };
}
