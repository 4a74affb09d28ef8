import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FILE_SCHEME,
  MODEL_ARTIFACT_METADATA_FILE,
  buildResNet,
  modelConfig,
  registerModelIo,
  tf,
  type ModelArtifactMetadata,
} from '@triage/model';
import { LocalObjectStore, packTarGz } from '@triage/pipeline';
import { LocalModelRegistry, registryFile, type ModelPackage } from '@triage/registry';

/** The model package group the API's loop serves (the pipeline's default). */
export const FIXTURE_GROUP = 'triage-chest-xray';

/** The two registered versions: v1 serving (Approved, promoted), v2 waiting for a person (PendingManualApproval). */
export interface FixtureModels {
  v1: ModelPackage;
  v2: ModelPackage;
}

/** evaluation.json of a version, as the Evaluate step writes it (apps/training's evaluation-json.ts): the page draws it. */
function evaluationJson(accuracy: number, confusion: [number, number, number, number]) {
  const [tn, fp, fn, tp] = confusion;
  return {
    binary_classification_metrics: {
      accuracy: { value: accuracy, standard_deviation: 0.02, ci95: [accuracy - 0.04, accuracy + 0.04] },
      auc: { value: 0.9, standard_deviation: 0.02, ci95: [0.86, 0.94] },
      confusion_matrix: { '0': { '0': tn, '1': fp }, '1': { '0': fn, '1': tp } },
      receiver_operating_characteristic_curve: {
        false_positive_rates: [0, 0, 0.1, 0.3, 1],
        true_positive_rates: [0, 0.4, 0.8, 0.95, 1],
      },
    },
    dataset: {
      count: tn + fp + fn + tp,
      positives: fn + tp,
      synthetic: true,
      classes: ['normal', 'pneumonia'],
      positiveClass: 'pneumonia',
    },
    model: { architecture: 'small' },
    evaluation: { threshold: 0.5, bootstrap: { samples: 200, seed: 'fixture' } },
  };
}

/**
 * Saves the small ResNet (untrained, seeded) as train writes a model (model.json, weights,
 * triage-model.json). With `inverted`, the sigmoid head's weights are negated: its score is
 * 1 - the other's on every image, so the worklist order under one is exactly the reverse of the
 * order under the other (two seeds would differ too, but in no order a test could state).
 */
async function saveModel(dir: string, inverted: boolean): Promise<void> {
  const config = modelConfig('small', { seed: 11 });
  const model = buildResNet(config);
  if (inverted) {
    const head = model.layers.filter((layer) => layer.getClassName() === 'Dense').pop();
    if (!head) throw new Error('the small ResNet has no dense head');
    head.setWeights(head.getWeights().map((w) => tf.neg(w)));
  }
  fs.mkdirSync(dir, { recursive: true });
  await model.save(`${FILE_SCHEME}${dir}`);
  model.dispose();
  const metadata: ModelArtifactMetadata = {
    format: 'triage-model/1',
    architecture: config.architecture,
    inputShape: config.inputShape,
    classes: ['normal', 'pneumonia'],
    positiveClass: 1,
    preprocessing: { window: 'file', resize: 'area', normalise: 'unit' },
    trainedOn: { backend: 'cpu', hyperparameters: {}, seed: String(config.seed) },
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(dir, MODEL_ARTIFACT_METADATA_FILE), JSON.stringify(metadata));
}

/**
 * Registers two versions of {@link FIXTURE_GROUP} in `dataDir` BEFORE the API starts, as a
 * pipeline run would leave them: model.tar.gz and evaluation.json in the local object store
 * (`<data>/s3/<bucket>/<key>`), the versions in the registry (`<data>/registry/registry.sqlite`),
 * v1 promoted.
 */
export async function registerFixtureModels(dataDir: string): Promise<FixtureModels> {
  registerModelIo();
  const objects = new LocalObjectStore(path.join(dataDir, 's3'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-fixture-models-'));
  const registry = await LocalModelRegistry.open({ file: registryFile(dataDir) });
  try {
    const versions: ModelPackage[] = [];
    for (const [i, spec] of [
      { run: 'fixture0001', inverted: false, approval: 'Approved', accuracy: 0.86, confusion: [36, 4, 7, 33] },
      { run: 'fixture0002', inverted: true, approval: 'PendingManualApproval', accuracy: 0.84, confusion: [35, 5, 8, 32] },
    ].entries()) {
      const modelDir = path.join(work, spec.run);
      await saveModel(modelDir, spec.inverted);
      const modelDataUrl = `s3://artifacts/triage-model/Train/pipelines-${spec.run}-Train/output/model.tar.gz`;
      const evaluationUri = `s3://artifacts/triage-model/Evaluate/${spec.run}/evaluation/evaluation.json`;
      const packed = objects.pathOf(modelDataUrl);
      fs.mkdirSync(path.dirname(packed), { recursive: true });
      await packTarGz(modelDir, packed);
      const evaluation = evaluationJson(spec.accuracy, spec.confusion as [number, number, number, number]);
      await objects.putObject(evaluationUri, JSON.stringify(evaluation));
      const m = evaluation.binary_classification_metrics;
      versions.push(
        await registry.createModelPackage({
          groupName: FIXTURE_GROUP,
          approvalStatus: spec.approval as 'Approved' | 'PendingManualApproval',
          modelDataUrl,
          imageUri: 'triage/inference:local',
          metrics: {
            accuracy: { value: m.accuracy.value, ci95: m.accuracy.ci95 as [number, number] },
            auc: { value: m.auc.value, ci95: m.auc.ci95 as [number, number] },
            evaluationUri,
          },
          lineage: {
            datasetSnapshotHash: `sha256:${String(i + 1).repeat(64)}`,
            pipelineExecutionArn: `arn:aws:sagemaker:local:000000000000:pipeline/triage-model/execution/${spec.run}`,
            codeVersion: 'fixture',
          },
          registeredBy: { principal: `pipeline:${spec.run}` },
        }),
      );
    }
    const v1 = await registry.promote(versions[0].arn, { principal: 'policy:model-registry', reason: 'the first approved version' });
    return { v1, v2: await registry.describeModelPackage(versions[1].arn) };
  } finally {
    await registry.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
