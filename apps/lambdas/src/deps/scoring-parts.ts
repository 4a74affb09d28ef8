import * as path from 'node:path';
import type { Backend } from '@triage/backend';
import { objectMaterialiser, ScoringPool } from '@triage/inference';
import type { MlopsConfig, ModelMaterialiser, ModelMonitor, Scorer } from '@triage/mlops';

/** What scoring needs beyond the stores: the scorer, the model cache and the monitor. */
export interface ScoringParts {
  scorer: Scorer;
  materialise: ModelMaterialiser;
  monitor: ModelMonitor;
  close(): Promise<void>;
}

/**
 * The scoring parts: worker threads (scoring.workers), models fetched from the backend's object store and unpacked into
 * its scratch folder, the backend's monitor. Apart from the other deps so only the image-ingestion bundle carries TensorFlow.js.
 */
export async function openScoring(backend: Backend, config: MlopsConfig): Promise<ScoringParts> {
  const pool = ScoringPool.open({ size: config.scoring.workers });
  return {
    scorer: pool,
    materialise: objectMaterialiser(backend.objects(), path.join(backend.scratchDir(), 'model-cache')),
    monitor: await backend.monitor(),
    close: () => pool.close(),
  };
}
