import type { DatastoreId } from '@triage/dicom';
import type { InstanceStore } from '@triage/healthimaging';
import type { Logger } from '@triage/platform';
import type { GeneratedInstance } from '@triage/sample-data';
import { generateChestStudies, generateCtSeries } from '@triage/sample-data';

/** What the first start ingests. */
export interface SampleSet {
  chestStudies: number;
  ctSlices: number;
  seed: string;
  /** Rows and columns (default: the generators' own, 1024 and 512); tests use small images. */
  chestSize?: number;
  ctSize?: number;
}

/** A few chest radiographs and one 100-slice CT: enough to see the worklist and scroll a series. */
export const DEFAULT_SAMPLES: SampleSet = { chestStudies: 4, ctSlices: 100, seed: 'triage-samples' };

/**
 * Generates the sample studies and stores them one instance at a time (deterministic, so an
 * interrupted run repeated later stores only what is missing: ingest is idempotent). Stops early,
 * returning false, when `signal` aborts.
 */
export async function seedSamples(
  store: InstanceStore,
  datastoreId: DatastoreId,
  log: Logger,
  signal: AbortSignal,
  samples: SampleSet = DEFAULT_SAMPLES,
): Promise<boolean> {
  const total = samples.chestStudies + samples.ctSlices;
  let done = 0;
  const sources: Iterable<GeneratedInstance>[] = [
    generateChestStudies({ count: samples.chestStudies, seed: samples.seed, size: samples.chestSize }),
    generateCtSeries({ slices: samples.ctSlices, seed: samples.seed, rows: samples.ctSize, columns: samples.ctSize }),
  ];
  log.info({ total }, 'samples: generating and ingesting the sample studies');
  for (const source of sources) {
    for (const instance of source) {
      if (signal.aborted) {
        log.info({ done, total }, 'samples: interrupted; the next start resumes');
        return false;
      }
      await store.storeInstance(datastoreId, instance.bytes, { source: `sample ${instance.fileName}` });
      done++;
      if (done % 10 === 0 || done === total) log.info({ done, total }, 'samples: progress');
      // Let requests in between instances: generation is synchronous work on this thread.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  log.info({ total }, 'samples: ready');
  return true;
}
