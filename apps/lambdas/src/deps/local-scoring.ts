import * as path from 'node:path';
import { materialiseModel, ScoringPool } from '@triage/inference';
import type { MlopsConfig, ModelMaterialiser, ModelMonitor, Scorer } from '@triage/mlops';
import { LocalModelMonitor, monitoringFile } from '@triage/monitoring';

/** What scoring needs beyond the stores: the scorer, the model cache and the monitor. */
export interface ScoringParts {
  scorer: Scorer;
  materialise: ModelMaterialiser;
  monitor: ModelMonitor;
  close(): Promise<void>;
}

/**
 * The local scoring parts: worker threads (scoring.workers), models unpacked into <data>/model-cache, the monitor in
 * <data>/monitoring. Apart from the other deps so only the image-ingestion bundle carries TensorFlow.js.
 */
export function localScoring(dataDir: string, config: MlopsConfig, objectStore: { pathOf(uri: string): string }): ScoringParts {
  const pool = ScoringPool.open({ size: config.scoring.workers });
  const monitor = LocalModelMonitor.open({ file: monitoringFile(dataDir) });
  return {
    scorer: pool,
    materialise: (url) => materialiseModel(objectStore.pathOf(url), path.join(dataDir, 'model-cache')),
    monitor,
    async close() {
      await pool.close();
      monitor.close();
    },
  };
}
