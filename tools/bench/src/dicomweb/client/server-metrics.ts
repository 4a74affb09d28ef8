import type { DicomwebTarget } from './dicomweb-target';
import type { MetricSamples } from './prometheus-text';
import { parsePrometheusText } from './prometheus-text';

/** GET /metrics of our API (same token as its DICOMweb routes), parsed; every scrape also resets the event-loop histogram. */
export async function scrapeMetrics(target: DicomwebTarget): Promise<MetricSamples> {
  const response = await target.pool.request({ method: 'GET', path: '/metrics', headers: { authorization: target.authorization } });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${target.name} GET /metrics: HTTP ${response.statusCode} ${text.slice(0, 200)}`);
  return parsePrometheusText(text);
}
