import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateClassifier, loadTriageModel, predictScores, readTensorDataset, selectBackend } from '@triage/model';
import { EVALUATION_REPORT_FILE, reportProgress } from '@triage/pipeline';
import { PROCESSING_PATHS, mlPath } from '../container/ml-paths';
import { readStepArguments, type StepParameter } from '../preprocess/step-arguments';
import { PROVENANCE_FILE, type SplitProvenance } from '../preprocess/split-writer';
import { renderReport } from '../report/render-report';
import { writeDriftReference } from './drift-reference-file';
import { evaluationJson } from './evaluation-json';
import { modelFolder, readHistory } from './step-inputs';

/** What evaluate accepts, as ContainerArguments (`--threshold 0.5`) or the environment variable. */
export const EVALUATE_PARAMETERS: readonly StepParameter[] = [
  { name: 'threshold', env: 'TRIAGE_THRESHOLD', description: "decision threshold on the positive class's probability, default 0.5" },
  { name: 'bootstrap-samples', env: 'TRIAGE_BOOTSTRAP_SAMPLES', description: 'bootstrap resamples of the test split, default 1000' },
  { name: 'bootstrap-seed', env: 'TRIAGE_BOOTSTRAP_SEED', description: 'seed of the bootstrap, default "triage-bootstrap"' },
  { name: 'batch-size', env: 'TRIAGE_EVAL_BATCH_SIZE', description: 'images per prediction batch, default 32' },
];

/** Where evaluate reads and writes (SageMaker processing paths; the pipeline mounts the curves at `curves`). */
export const EVALUATE_IO = {
  model: PROCESSING_PATHS.input('model'),
  test: PROCESSING_PATHS.input('test'),
  history: [PROCESSING_PATHS.input('history'), PROCESSING_PATHS.input('curves')],
  evaluation: PROCESSING_PATHS.output('evaluation'),
} as const;

export const REPORT_FILE = 'report.html';

/** The evaluate step: the model and the test split in, evaluation.json, report.html and drift-reference.json out. */
export async function runEvaluate(): Promise<void> {
  const args = readStepArguments(EVALUATE_PARAMETERS);
  const threshold = args.number('threshold', 0.5);
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`--threshold ${threshold} is not from 0 to 1`);
  const samples = args.integer('bootstrap-samples', 1000);
  if (samples < 1) throw new Error(`--bootstrap-samples ${samples} is not positive`);
  const seed = args.string('bootstrap-seed', 'triage-bootstrap');
  const batchSize = args.integer('batch-size', 32);
  if (batchSize < 1) throw new Error(`--batch-size ${batchSize} is not positive`);

  const backend = await selectBackend();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-evaluate-'));
  try {
    const { model, metadata } = await loadTriageModel(await modelFolder(mlPath(EVALUATE_IO.model), work));
    const testDir = mlPath(EVALUATE_IO.test);
    const data = readTensorDataset(testDir);
    const { classes, shape } = data.manifest;
    if (metadata.inputShape.join('x') !== shape.join('x'))
      throw new Error(`the model takes ${metadata.inputShape.join('x')} images, the test split holds ${shape.join('x')}`);
    if (classes.length !== 2) throw new Error(`evaluate scores a binary classifier; the test split has ${classes.length} classes`);
    const { positiveClass } = metadata;
    const total = data.manifest.items.length;
    if (total === 0) throw new Error(`${testDir}: the test split is empty`);

    reportProgress({ phase: 'predict', done: 0, total });
    const scores = predictScores(model, data.images, batchSize, positiveClass);
    reportProgress({ phase: 'predict', done: total, total });
    const labels = data.manifest.items.map((item) => (item.label === positiveClass ? 1 : 0));
    reportProgress({ phase: 'bootstrap', done: 0, total: samples });
    const evaluation = evaluateClassifier({ scores, labels, threshold, bootstrap: { samples, seed } });
    reportProgress({ phase: 'bootstrap', done: samples, total: samples, metrics: { accuracy: evaluation.accuracy.value } });

    const provenance = readProvenance(testDir);
    const syntheticItems = provenance?.syntheticItems ?? 0;
    const history = await readHistory(
      EVALUATE_IO.history.map((p) => mlPath(p)),
      work,
    );
    const negative = classes[1 - positiveClass] ?? 'negative';
    const positive = classes[positiveClass] ?? 'positive';
    const modelFacts = {
      architecture: metadata.architecture,
      inputShape: shape.join('x'),
      classes: classes.join(', '),
      positiveClass: positive,
      trainedOn: metadata.trainedOn.backend,
      createdAt: metadata.createdAt,
      evaluatedOn: `${backend.backend} (${backend.package})`,
    };
    const json = evaluationJson(
      evaluation,
      {
        count: total,
        positives: evaluation.positives,
        synthetic: syntheticItems >= total,
        syntheticItems,
        classes,
        positiveClass: positive,
      },
      Object.fromEntries(Object.entries(modelFacts).filter(([, v]) => v !== undefined)),
    );
    const out = mlPath(EVALUATE_IO.evaluation);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, EVALUATION_REPORT_FILE), `${JSON.stringify(json, null, 1)}\n`);
    const html = renderReport({
      title: `Evaluation of the ${metadata.architecture} ${positive} classifier`,
      classes: [negative, positive],
      evaluation,
      dataset: { count: total, positives: evaluation.positives, syntheticItems },
      model: modelFacts,
      history,
      generatedAt: new Date().toISOString(),
    });
    fs.writeFileSync(path.join(out, REPORT_FILE), html);
    writeDriftReference(out, data.images, shape[0] * shape[1] * shape[2], scores);
    model.dispose();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function readProvenance(dir: string): SplitProvenance | undefined {
  const file = path.join(dir, PROVENANCE_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as SplitProvenance) : undefined;
}
