import fp from 'fastify-plugin';
import type { Registry } from 'prom-client';
import { Histogram } from 'prom-client';

/**
 * A latency histogram per route: labelled by the route's pattern, never the raw URL, so that
 * ids in paths cannot blow up the number of series.
 */
export const requestMetricsPlugin = fp<{ registry: Registry }>(
  async (app, { registry }) => {
    const histogram = new Histogram({
      name: 'triage_http_request_duration_seconds',
      help: 'HTTP request latency, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      histogram.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  },
  { name: 'triage-request-metrics' },
);
