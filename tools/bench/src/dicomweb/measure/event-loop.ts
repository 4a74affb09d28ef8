import type { DicomwebTarget } from '../client/dicomweb-target';
import type { EventLoopDelay } from '../client/prometheus-text';
import { eventLoopDelay, mergeDelays, transcodeBacklog } from '../client/prometheus-text';
import { scrapeMetrics } from '../client/server-metrics';
import type { Contender, SliceHooks } from './load';

/** What our server's /metrics said over one measurement: its event-loop delay and the backlog at both ends. */
export interface ServerObservation {
  delay?: EventLoopDelay;
  backlogAtStart?: number;
  backlogAtEnd?: number;
}

/**
 * Slice hooks that scrape our server right before each of its slices (prom-client resets the event-loop histogram
 * on every scrape, so this starts it afresh) and right after (the slice's delay). Other servers' slices pass by.
 */
export class EventLoopObserver implements SliceHooks {
  private readonly delays = new Map<string, EventLoopDelay[]>();
  private readonly backlog = new Map<string, { start?: number; end?: number }>();

  constructor(private readonly server: DicomwebTarget | undefined) {}

  /** Resets the server's histogram and notes the backlog when `contender`'s first slice starts. */
  async before(contender: Contender): Promise<void> {
    if (contender.target !== this.server) return;
    const samples = await scrapeMetrics(contender.target);
    const ends = this.backlog.get(contender.key) ?? {};
    ends.start ??= transcodeBacklog(samples);
    this.backlog.set(contender.key, ends);
  }

  /** Keeps the slice's event-loop delay and the backlog now. */
  async after(contender: Contender): Promise<void> {
    if (contender.target !== this.server) return;
    const samples = await scrapeMetrics(contender.target);
    const delay = eventLoopDelay(samples);
    if (delay) this.delays.set(contender.key, [...(this.delays.get(contender.key) ?? []), delay]);
    const ends = this.backlog.get(contender.key) ?? {};
    ends.end = transcodeBacklog(samples);
    this.backlog.set(contender.key, ends);
  }

  /** What was seen for `key` since the last take (slices merged), and forgets it. */
  take(key: string): ServerObservation {
    const observation = {
      delay: mergeDelays(this.delays.get(key) ?? []),
      backlogAtStart: this.backlog.get(key)?.start,
      backlogAtEnd: this.backlog.get(key)?.end,
    };
    this.delays.delete(key);
    this.backlog.delete(key);
    return observation;
  }
}
