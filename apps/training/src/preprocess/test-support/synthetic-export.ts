import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalCatalog } from '@triage/catalog';
import { LocalHealthImaging } from '@triage/healthimaging';
import { exportTrainingDataset, type DatasetExportManifest } from '@triage/pipeline';
import { generateChestStudies, type GeneratedInstance } from '@triage/sample-data';

const DR = { kind: 'clinician', principal: 'dr-spec', role: 'clinician' } as const;

/**
 * Generates `count` synthetic chest radiographs, stores them in a real LocalHealthImaging, verifies
 * each one's generated label in a real LocalCatalog, and exports the dataset into `destination`
 * as the pipeline's InputDataUri would hold it. The store and catalog live in `workDir`.
 */
export async function syntheticExport(options: {
  workDir: string;
  destination: string;
  count: number;
  seed: string;
  size: number;
}): Promise<{ manifest: DatasetExportManifest; instances: GeneratedInstance[] }> {
  const store = await LocalHealthImaging.open({ dataDir: path.join(options.workDir, 'store') });
  const catalog = await LocalCatalog.open({ file: path.join(options.workDir, 'catalog.db') });
  try {
    const datastoreId = await store.ensureDatastore('training-spec');
    const instances = [...generateChestStudies({ count: options.count, seed: options.seed, size: options.size })];
    for (const instance of instances) {
      const { imageSetId } = await store.storeInstance(datastoreId, instance.bytes);
      if (!instance.label) throw new Error(`${instance.fileName} has no label`);
      await catalog.setLabel({
        key: { datastoreId, imageSetId },
        studyInstanceUid: instance.studyInstanceUid,
        finding: instance.label,
        origin: DR,
      });
    }
    fs.mkdirSync(path.dirname(options.destination), { recursive: true });
    const manifest = await exportTrainingDataset({ catalog, store, datastoreId, destination: options.destination });
    return { manifest, instances };
  } finally {
    await store.close();
    await catalog.close();
  }
}
