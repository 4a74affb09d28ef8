import type { ModelMonitor } from '../model-monitor';

/**
 * The ModelMonitor port with every method answering a promise: what a monitor on a network store
 * (DynamoDB) can offer. The port itself is synchronous today (the SQLite monitor); callers move to
 * this shape, and wrap a LocalModelMonitor with {@link asyncModelMonitor}, to run on either.
 */
export type AsyncModelMonitor = {
  [K in keyof ModelMonitor]: (...args: Parameters<ModelMonitor[K]>) => Promise<ReturnType<ModelMonitor[K]>>;
};

/** A synchronous monitor behind the asynchronous port (its throws become rejections). */
export function asyncModelMonitor(monitor: ModelMonitor): AsyncModelMonitor {
  return {
    recordScore: async (...args) => monitor.recordScore(...args),
    checkDrift: async (...args) => monitor.checkDrift(...args),
    driftHistory: async (...args) => monitor.driftHistory(...args),
    pairedImageSets: async (...args) => monitor.pairedImageSets(...args),
    shadowComparison: async (...args) => monitor.shadowComparison(...args),
    scoreCounts: async (...args) => monitor.scoreCounts(...args),
    close: async () => monitor.close(),
  };
}
