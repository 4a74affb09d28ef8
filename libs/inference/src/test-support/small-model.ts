import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  buildResNet,
  FILE_SCHEME,
  MODEL_ARTIFACT_METADATA_FILE,
  modelConfig,
  registerModelIo,
  type ModelArtifactMetadata,
} from '@triage/model';

/** triage-model.json as train writes it for the small net (64x64x1, normal/pneumonia, file window, area, unit). */
export function smallMetadata(overrides: Partial<ModelArtifactMetadata> = {}): ModelArtifactMetadata {
  return {
    format: 'triage-model/1',
    architecture: 'small',
    inputShape: [64, 64, 1],
    classes: ['normal', 'pneumonia'],
    positiveClass: 1,
    preprocessing: { window: 'file', resize: 'area', normalise: 'unit' },
    trainedOn: { backend: 'spec', hyperparameters: {}, seed: 'spec' },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Saves the small ResNet with seeded initial weights into `dir` as train does (model.json, weights, triage-model.json). */
export async function saveSmallModel(dir: string, seed: number, metadata = smallMetadata()): Promise<ModelArtifactMetadata> {
  registerModelIo();
  const model = buildResNet(modelConfig('small', { seed, inputShape: metadata.inputShape }));
  fs.mkdirSync(dir, { recursive: true });
  await model.save(`${FILE_SCHEME}${dir}`);
  model.dispose();
  fs.writeFileSync(path.join(dir, MODEL_ARTIFACT_METADATA_FILE), `${JSON.stringify(metadata, null, 1)}\n`);
  return metadata;
}
