import type { FrameFigures, FrameStats } from '../measure/frames';
import type { ServerObservation } from '../measure/event-loop';
import type { Figures } from './figures';
import { record } from './figures';

/** When frames were read: right after an ingest while our backlog drains, or once it has. */
export type FramePhase = 'during' | 'after';
/** One client or the concurrent clients. */
export type FrameClients = 'sequential' | 'concurrent';

/** The figures kept of each frame load, by the last part of their key. */
export const FRAME_STATS = [
  'rps',
  'p50',
  'p99',
  'headersP50',
  'headersP99',
  'bodyP99',
  'loopP50',
  'loopP99',
  'loopMax',
  'backlogStart',
  'backlogEnd',
] as const;
export type FrameStat = (typeof FRAME_STATS)[number];

/** `frames.<phase>.<mode>.<clients>.<stat>`: one figure of one frame load. */
export function frameKey(phase: FramePhase, mode: string, clients: FrameClients, stat: FrameStat): string {
  return `frames.${phase}.${mode}.${clients}.${stat}`;
}

/** Adds one run of a contender's frame figures under `phase` (the answer size once, from the series read after). */
export function recordFrames(figures: Figures, phase: FramePhase, mode: string, frames: FrameFigures): void {
  if (phase === 'after' && !figures.has(`frames.${mode}.kib`)) record(figures, `frames.${mode}.kib`, frames.answerBytes / 1024);
  for (const clients of ['sequential', 'concurrent'] as const) {
    const f: FrameStats & ServerObservation = frames[clients];
    if (!f) continue;
    const values: Record<FrameStat, number | undefined> = {
      rps: f.rps,
      p50: f.p50,
      p99: f.p99,
      headersP50: f.headersP50,
      headersP99: f.headersP99,
      bodyP99: f.bodyP99,
      loopP50: f.delay?.p50Ms,
      loopP99: f.delay?.p99Ms,
      loopMax: f.delay?.maxMs,
      backlogStart: f.backlogAtStart,
      backlogEnd: f.backlogAtEnd,
    };
    for (const stat of FRAME_STATS) record(figures, frameKey(phase, mode, clients, stat), values[stat]);
  }
}
