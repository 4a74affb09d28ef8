import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FILE_SCHEME,
  MODEL_ARTIFACT_METADATA_FILE,
  buildResNet,
  describeChoice,
  loadPretrainedWeights,
  modelConfig,
  parseStages,
  readTensorDataset,
  registerModelIo,
  selectBackend,
  setTrainableStages,
  trainModel,
  RESNET_STAGES,
  type ModelArtifactMetadata,
  type TensorDataset,
} from '@triage/model';
import { reportProgress } from '@triage/pipeline';
import { Hyperparameters } from '../container/hyperparameters';
import { TRAINING_PATHS, mlPath } from '../container/ml-paths';

/** The class whose probability is the priority score, when the hyperparameters name none. */
const DEFAULT_POSITIVE_CLASS = 'pneumonia';

/**
 * The train step (SageMaker runs the training image with `train`): the `train` and `validation`
 * channels in, the model (model.json, weights, triage-model.json) to /opt/ml/model, the curves to
 * /opt/ml/output/data/history.json, best and last checkpoints to /opt/ml/checkpoints, a progress
 * line per batch and per epoch.
 */
export async function runTrain(): Promise<void> {
  const hp = Hyperparameters.read();
  const choice = await selectBackend({ log: (line) => process.stderr.write(`${line}\n`) });
  registerModelIo();
  const train = readTensorDataset(mlPath(TRAINING_PATHS.channel('train')));
  const validationDir = mlPath(TRAINING_PATHS.channel('validation'));
  const validation = fs.existsSync(validationDir) ? readTensorDataset(validationDir) : undefined;
  const { classes, shape } = train.manifest;
  if (validation && validation.manifest.shape.join('x') !== shape.join('x'))
    throw new Error(`validation images are ${validation.manifest.shape.join('x')}, training images ${shape.join('x')}`);

  const positiveName = hp.string(
    'positive-class',
    classes.includes(DEFAULT_POSITIVE_CLASS) ? DEFAULT_POSITIVE_CLASS : (classes[1] ?? classes[0]),
  );
  const positiveClass = classes.indexOf(positiveName);
  if (positiveClass < 0) throw new Error(`hyperparameter positive-class ${positiveName} is not one of the classes ${classes.join(', ')}`);
  const seed = hp.string('seed', 'triage');
  const config = modelConfig(hp.string('architecture', 'small'), {
    inputShape: shape,
    classes: classes.length,
    // One sigmoid unit is the probability of class index 1; any other layout takes a softmax.
    head: classes.length === 2 && positiveClass === 1 ? 'sigmoid' : 'softmax',
    seed: seedNumber(seed),
    dropout: hp.number('dropout', 0),
    batchNormMomentum: hp.number('batch-norm-momentum', 0.9),
  });
  const model = buildResNet(config);
  const pretrained = hp.string('pretrained-weights', '');
  if (pretrained) {
    const report = await loadPretrainedWeights(model, pretrained);
    process.stderr.write(
      `pretrained weights from ${pretrained}: ${report.loaded.length} layers loaded, ${report.skipped.length} kept their own\n`,
    );
    for (const s of report.skipped) process.stderr.write(`  kept ${s.layer}: ${s.reason}\n`);
  }
  const frozen = parseStages(hp.string('freeze-stages', ''));
  if (frozen.length)
    setTrainableStages(
      model,
      RESNET_STAGES.filter((s) => !frozen.includes(s)),
    );

  const epochs = hp.integer('epochs', 10);
  const patience = hp.string('patience', '') === '' ? undefined : hp.integer('patience');
  const result = await trainModel(model, imageSet(train), validation && imageSet(validation), {
    epochs,
    batchSize: hp.integer('batch-size', 16),
    learningRate: hp.number('learning-rate', 0.001),
    schedule: {
      kind: hp.string('lr-schedule', 'cosine') === 'constant' ? 'constant' : 'cosine',
      warmupSteps: hp.integer('warmup-steps', 0),
    },
    seed,
    patience,
    // Two replicas measured faster on two idle cores (libs/model/README.md); one where there is one core.
    workers: hp.integer('workers', Math.min(2, os.availableParallelism())),
    modelConfig: config,
    checkpointDir: mlPath(TRAINING_PATHS.checkpoints),
    onBatch: (b) =>
      reportProgress({
        phase: 'batch',
        done: b.batch,
        total: b.batches,
        message: `epoch ${b.epoch}`,
        metrics: { epoch: b.epoch, loss: b.loss, accuracy: b.accuracy, learningRate: b.learningRate },
      }),
    onEpoch: (e) =>
      reportProgress({
        phase: 'epoch',
        done: e.epoch,
        total: epochs,
        metrics: {
          loss: e.loss,
          accuracy: e.accuracy,
          learningRate: e.learningRate,
          seconds: e.seconds,
          ...(e.valLoss === undefined ? {} : { valLoss: e.valLoss, valAccuracy: e.valAccuracy ?? NaN }),
        },
      }),
  });

  const modelDir = mlPath(TRAINING_PATHS.model);
  fs.mkdirSync(modelDir, { recursive: true });
  await model.save(`${FILE_SCHEME}${modelDir}`);
  const metadata: ModelArtifactMetadata = {
    format: 'triage-model/1',
    architecture: config.architecture,
    inputShape: shape,
    classes,
    positiveClass,
    preprocessing: {
      window: hp.string('window', 'file') === 'auto' ? 'auto' : 'file',
      resize: hp.string('resize', 'area') === 'bilinear' ? 'bilinear' : 'area',
      normalise: hp.string('normalise', 'unit') === 'zscore' ? 'zscore' : 'unit',
    },
    trainedOn: { backend: describeChoice(choice), hyperparameters: { ...hp.all() }, seed },
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(modelDir, MODEL_ARTIFACT_METADATA_FILE), `${JSON.stringify(metadata, null, 1)}\n`);
  const outputDir = mlPath(TRAINING_PATHS.outputData);
  fs.mkdirSync(outputDir, { recursive: true });
  fs.writeFileSync(
    path.join(outputDir, 'history.json'),
    `${JSON.stringify({ epochs: result.history, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly, backend: choice.backend }, null, 1)}\n`,
  );
}

function imageSet(dataset: TensorDataset) {
  return { images: dataset.images, labels: dataset.labels, shape: dataset.manifest.shape };
}

/** The model's initialiser seed from the seed hyperparameter (a number as is, any other string hashed). */
function seedNumber(seed: string): number {
  if (/^\d{1,9}$/.test(seed)) return Number(seed);
  let h = 0;
  for (const ch of seed) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h % 1_000_000_000;
}
