import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { ApiMetrics, ImageStore } from './api-context';

/**
 * Creates the domain metrics of {@link ApiMetrics} on a registry; with the store, the transcoding
 * backlog too (`triage_transcode_backlog_frames`, read from the store at each scrape).
 */
export function createApiMetrics(registry: Registry, store?: Pick<ImageStore, 'pendingTranscodes'>): ApiMetrics {
  const metrics: ApiMetrics = {
    framesServed: new Counter({
      name: 'triage_frames_served_total',
      help: 'Frames served, by transfer syntax',
      labelNames: ['transfer_syntax'],
      registers: [registry],
    }),
    bytesServed: new Counter({
      name: 'triage_bytes_served_total',
      help: 'Response body bytes of frame, instance and metadata routes',
      labelNames: ['kind'],
      registers: [registry],
    }),
    ingested: new Counter({
      name: 'triage_instances_ingested_total',
      help: 'Instances offered for ingest, by outcome (stored, unchanged, refused)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    codecSeconds: new Histogram({
      name: 'triage_codec_seconds',
      help: 'Seconds spent in the codec, by operation',
      labelNames: ['op'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    frameCache: new Counter({
      name: 'triage_frame_cache_total',
      help: 'Native-pixel frame reads by how the decoded-frame cache served them (hit, awaited, miss), and prefetch decodes started (prefetch)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    frameCacheBytes: new Gauge({
      name: 'triage_frame_cache_bytes',
      help: 'Bytes of decoded pixels the frame cache holds',
      registers: [registry],
    }),
  };
  if (store) {
    new Gauge({
      name: 'triage_transcode_backlog_frames',
      help: 'Frames acknowledged whose transcoding to their stored form is still to do',
      registers: [registry],
      collect() {
        this.set(store.pendingTranscodes?.() ?? 0);
      },
    });
  }
  unreadable.set(
    metrics,
    new Counter({
      name: 'triage_unreadable_instances_total',
      help: 'Stored instances a read left out because they could not be read, by reason (document, metadata, frames)',
      labelNames: ['reason'],
      registers: [registry],
    }),
  );
  return metrics;
}

// Kept beside ApiMetrics rather than in it: the interface lives in api-context.ts (to move there with it).
const unreadable = new WeakMap<ApiMetrics, Counter<'reason'>>();

/** The unreadable-instances counter of metrics made by {@link createApiMetrics} (an unregistered one for metrics made elsewhere). */
export function unreadableInstances(metrics: ApiMetrics): Counter<'reason'> {
  let counter = unreadable.get(metrics);
  if (!counter) {
    counter = new Counter({ name: 'triage_unreadable_instances_total', help: 'unregistered', labelNames: ['reason'], registers: [] });
    unreadable.set(metrics, counter);
  }
  return counter;
}
