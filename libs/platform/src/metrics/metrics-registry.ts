import { Registry, collectDefaultMetrics } from 'prom-client';

/** Options of {@link createMetricsRegistry}. */
export interface MetricsRegistryOptions {
  /** Collect process metrics (CPU, memory, event loop lag); default true. */
  defaultMetrics?: boolean;
  /** Labels on every series, e.g. `{ service: 'api' }`. */
  labels?: Record<string, string>;
}

/** A Prometheus registry of its own (never the global one, so apps and tests do not collide). */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels(options.labels);
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'triage_' });
  return registry;
}
