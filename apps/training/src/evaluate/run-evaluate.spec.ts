import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  evaluateClassifier,
  MODEL_ARTIFACT_METADATA_FILE,
  predictScores,
  readTensorDataset,
  registerModelIo,
  selectBackend,
  tf,
  writeTensorDataset,
  type ModelArtifactMetadata,
} from '@triage/model';
import { buildDriftReference, DRIFT_FEATURES, DRIFT_REFERENCE_FILE, imageFeatures, readDriftReference } from '@triage/monitoring';
import { packTarGz } from '@triage/pipeline';
import { SeededRandom } from '../preprocess/seeded-random';
import type { SplitProvenance } from '../preprocess/split-writer';
import { runTrainingStep } from '../preprocess/test-support/run-training-step';
import { evaluationJson, type TriageEvaluationJson } from './evaluation-json';

const SHAPE: [number, number, number] = [16, 16, 1];
const ITEMS = 24;
const ARGS = ['--bootstrap-samples', '200', '--bootstrap-seed', 'spec', '--batch-size', '5'];
const HISTORY = [
  { epoch: 1, loss: 0.69, accuracy: 0.52, valLoss: 0.7, valAccuracy: 0.5, learningRate: 0.001 },
  { epoch: 2, loss: 0.6, accuracy: 0.66, valLoss: 0.64, valAccuracy: 0.6, learningRate: 0.001 },
];

describe('evaluate, run as the container runs it, on a tiny saved model', () => {
  let dir: string;
  let modelDir: string;
  const root = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'training-evaluate-'));
    await selectBackend({ backend: 'cpu', log: () => undefined });
    registerModelIo();
    modelDir = root('model');
    const model = tinyModel();
    await model.save(`file://${modelDir}`);
    model.dispose();
    const metadata: ModelArtifactMetadata = {
      format: 'triage-model/1',
      architecture: 'small',
      inputShape: SHAPE,
      classes: ['normal', 'pneumonia'],
      positiveClass: 1,
      preprocessing: { window: 'file', resize: 'area', normalise: 'unit' },
      trainedOn: { backend: 'cpu', hyperparameters: {}, seed: '7' },
      createdAt: '2026-12-05T00:00:00.000Z',
    };
    fs.writeFileSync(path.join(modelDir, MODEL_ARTIFACT_METADATA_FILE), JSON.stringify(metadata));
    // What SageMaker mounts: model.tar.gz, the test split, the training job's output.tar.gz.
    await packTarGz(modelDir, path.join(root('ml-1'), 'processing/input/model/model.tar.gz'));
    writeTestSplit(path.join(root('ml-1'), 'processing/input/test'), true);
    fs.mkdirSync(root('curves'));
    fs.writeFileSync(path.join(root('curves'), 'history.json'), JSON.stringify(HISTORY));
    await packTarGz(root('curves'), path.join(root('ml-1'), 'processing/input/curves/output.tar.gz'));
    // A second run: the model folder as it is, patients' data (no provenance), no curves.
    fs.cpSync(modelDir, path.join(root('ml-2'), 'processing/input/model'), { recursive: true });
    writeTestSplit(path.join(root('ml-2'), 'processing/input/test'), false);
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The test split with this model's scores of it, computed here on the same backend. */
  async function scored(): Promise<{ data: ReturnType<typeof readTensorDataset>; scores: Float32Array }> {
    const model = await tf.loadLayersModel(`file://${modelDir}/model.json`);
    const data = readTensorDataset(path.join(root('ml-1'), 'processing/input/test'));
    const scores = predictScores(model, data.images, 7, 1);
    model.dispose();
    return { data, scores };
  }

  /** The evaluation this model must get, computed here on the same backend. */
  async function expected(): Promise<TriageEvaluationJson['binary_classification_metrics']> {
    const { data, scores } = await scored();
    const evaluation = evaluateClassifier({
      scores,
      labels: Array.from(data.labels),
      threshold: 0.5,
      bootstrap: { samples: 200, seed: 'spec' },
    });
    const json = evaluationJson(
      evaluation,
      { count: 0, positives: 0, synthetic: false, syntheticItems: 0, classes: [], positiveClass: '' },
      {},
    );
    return JSON.parse(JSON.stringify(json.binary_classification_metrics)) as TriageEvaluationJson['binary_classification_metrics'];
  }

  it('writes evaluation.json in SageMaker model-quality layout and the report, from model.tar.gz and the curves archive', async () => {
    const run = await runTrainingStep('evaluate', ARGS, root('ml-1'), { TRIAGE_TF_BACKEND: 'cpu' });
    expect(run.code).toBe(0);
    expect(run.progress.map((p) => [p.phase, p.done, p.total])).toEqual([
      ['predict', 0, ITEMS],
      ['predict', ITEMS, ITEMS],
      ['bootstrap', 0, 200],
      ['bootstrap', 200, 200],
      ['done', 1, 1],
    ]);
    const out = path.join(root('ml-1'), 'processing/output/evaluation');
    const json = JSON.parse(fs.readFileSync(path.join(out, 'evaluation.json'), 'utf8')) as TriageEvaluationJson;
    expect(json.binary_classification_metrics).toEqual(await expected());
    const m = json.binary_classification_metrics;
    expect(Object.keys(m)).toEqual([
      'accuracy',
      'precision',
      'recall',
      'f1',
      'auc',
      'confusion_matrix',
      'receiver_operating_characteristic_curve',
    ]);
    expect(Object.keys(m.accuracy)).toEqual(['value', 'standard_deviation', 'ci95']);
    const cm = m.confusion_matrix;
    expect(cm['0']!['0']! + cm['0']!['1']! + cm['1']!['0']! + cm['1']!['1']!).toBe(ITEMS);
    expect(cm['1']!['0']! + cm['1']!['1']!).toBe(12);
    expect(json.dataset).toEqual({
      count: ITEMS,
      positives: 12,
      synthetic: true,
      syntheticItems: ITEMS,
      classes: ['normal', 'pneumonia'],
      positiveClass: 'pneumonia',
    });
    expect(json.model).toEqual({
      architecture: 'small',
      inputShape: '16x16x1',
      classes: 'normal, pneumonia',
      positiveClass: 'pneumonia',
      trainedOn: 'cpu',
      createdAt: '2026-12-05T00:00:00.000Z',
      evaluatedOn: 'cpu (@tensorflow/tfjs-backend-cpu)',
    });
    expect(json.evaluation).toEqual({ threshold: 0.5, bootstrap: { samples: 200, seed: 'spec' } });
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect([...html.matchAll(/<svg class="([a-z-]+)"/g)].map((s) => s[1])).toEqual(['chart', 'confusion-matrix', 'chart', 'chart']);
    expect(html).toContain('<div class="banner synthetic" role="alert">Synthetic data: every test image');

    // The drift reference: every test tensor's statistics with the model's score of it.
    const reference = readDriftReference(path.join(out, DRIFT_REFERENCE_FILE));
    expect(reference.sampleSize).toBe(ITEMS);
    expect(Object.keys(reference.features)).toEqual(DRIFT_FEATURES);
    const { data, scores } = await scored();
    const pixels = SHAPE[0] * SHAPE[1] * SHAPE[2];
    const rows = Array.from(scores, (score, i) => ({ ...imageFeatures(data.images.subarray(i * pixels, (i + 1) * pixels)), score }));
    expect(reference).toEqual({ ...buildDriftReference(rows), createdAt: reference.createdAt });
    expect(reference.features.score.sample).toEqual(Array.from(scores).sort((a, b) => a - b));
  }, 120_000);

  it('takes the model folder as it is; without provenance or curves there is no banner and no curve', async () => {
    const run = await runTrainingStep('evaluate', ARGS, root('ml-2'), { TRIAGE_TF_BACKEND: 'cpu' });
    expect(run.code).toBe(0);
    const out = path.join(root('ml-2'), 'processing/output/evaluation');
    const json = JSON.parse(fs.readFileSync(path.join(out, 'evaluation.json'), 'utf8')) as TriageEvaluationJson;
    expect(json.binary_classification_metrics).toEqual(await expected());
    expect(json.dataset.synthetic).toBe(false);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect([...html.matchAll(/<svg class="([a-z-]+)"/g)].map((s) => s[1])).toEqual(['chart', 'confusion-matrix']);
    expect(html).not.toContain('banner synthetic');
  }, 120_000);

  it('fails visibly when the test split does not fit the model', async () => {
    fs.cpSync(path.join(root('ml-2'), 'processing/input/model'), path.join(root('ml-3'), 'processing/input/model'), { recursive: true });
    writeTensorDataset(
      path.join(root('ml-3'), 'processing/input/test'),
      { format: 'triage-tensor-dataset/1', split: 'test', shape: [8, 8, 1], classes: ['normal', 'pneumonia'], items: [] },
      new Float32Array(0),
    );
    const run = await runTrainingStep('evaluate', ARGS, root('ml-3'), { TRIAGE_TF_BACKEND: 'cpu' });
    expect(run.code).toBe(1);
    expect(fs.readFileSync(path.join(root('ml-3'), 'output/failure'), 'utf8')).toBe(
      'evaluate: the model takes 16x16x1 images, the test split holds 8x8x1\n',
    );
  }, 120_000);
});

/** A seeded conv net small enough to save, load and score in a moment (evaluate does not care which architecture). */
function tinyModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: SHAPE,
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }),
      }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }),
        biasInitializer: tf.initializers.constant({ value: -0.1 }),
      }),
    ],
  });
}

/** 24 images, half pneumonia (a brighter blob), seeded; with provenance marking them synthetic when asked. */
function writeTestSplit(dir: string, synthetic: boolean): void {
  const [h, w, c] = SHAPE;
  const images = new Float32Array(ITEMS * h * w * c);
  const random = new SeededRandom('evaluate-spec', 'images');
  for (let i = 0; i < ITEMS; i++)
    for (let p = 0; p < h * w; p++) {
      const blob = i % 2 === 1 && Math.hypot((p % w) - 10, Math.floor(p / w) - 6) < 4 ? 0.4 : 0;
      images[i * h * w + p] = Math.min(1, 0.3 * random.next() + 0.2 + blob);
    }
  const items = Array.from({ length: ITEMS }, (_, i) => ({ imageSetId: `set-${i}`, labelVersion: 1, label: i % 2, patientKey: `p${i}` }));
  writeTensorDataset(
    dir,
    { format: 'triage-tensor-dataset/1', split: 'test', shape: SHAPE, classes: ['normal', 'pneumonia'], items },
    images,
  );
  if (synthetic) {
    const provenance: SplitProvenance = { synthetic: true, syntheticItems: ITEMS, items: ITEMS, snapshotFile: 'snapshot/snapshot.json' };
    fs.writeFileSync(path.join(dir, 'provenance.json'), JSON.stringify(provenance));
  }
}
