import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalObjectStore } from '@triage/pipeline';
import type { RegisterModelPackageInput } from '@triage/registry';
import { startModelsApp, type ModelsApp } from './test-support/models-app';

/** evaluation.json as the Evaluate step writes it (apps/training's evaluation-json.ts), trimmed to what the page draws. */
const EVALUATION = {
  binary_classification_metrics: {
    accuracy: { value: 0.875, standard_deviation: 0.02, ci95: [0.83, 0.91] },
    auc: { value: 0.93, standard_deviation: 0.015, ci95: [0.9, 0.96] },
    confusion_matrix: { '0': { '0': 40, '1': 5 }, '1': { '0': 5, '1': 30 } },
    receiver_operating_characteristic_curve: { false_positive_rates: [0, 0.1, 1], true_positive_rates: [0, 0.8, 1] },
  },
  dataset: { count: 80, positives: 35, synthetic: true, syntheticItems: 80, classes: ['normal', 'pneumonia'], positiveClass: 'pneumonia' },
  model: { architecture: 'small' },
  evaluation: { threshold: 0.5, bootstrap: { samples: 200, seed: 'e' } },
};

function registration(n: number, evaluationUri?: string): RegisterModelPackageInput {
  return {
    groupName: 'chest',
    approvalStatus: 'PendingManualApproval',
    modelDataUrl: `s3://artifacts/chest/${n}/model.tar.gz`,
    imageUri: 'triage/inference:local',
    metrics: { accuracy: { value: 0.875, ci95: [0.83, 0.91] }, ...(evaluationUri && { evaluationUri }) },
    registeredBy: { principal: 'pipeline:exec-1' },
  };
}

describe('GET /api/models/groups/:group/versions/:version/evaluation', () => {
  let m: ModelsApp;
  let objects: LocalObjectStore;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'triage-evaluation-'));
    objects = new LocalObjectStore(path.join(dataDir, 's3'));
    m = await startModelsApp(dataDir, { objects });
    await objects.putObject('s3://artifacts/chest/1/evaluation.json', JSON.stringify(EVALUATION));
    await m.registry.createModelPackage(registration(1, 's3://artifacts/chest/1/evaluation.json'));
    await m.registry.createModelPackage(registration(2));
    await m.registry.createModelPackage(registration(3, 's3://artifacts/chest/3/evaluation.json'));
  });
  afterAll(async () => {
    await m.close();
    fs.rmSync(m.dataDir, { recursive: true, force: true });
  });

  it('serves evaluation.json whole to readers of models; 404 where there is none; refuses a clinician', async () => {
    const cases = [
      { who: 'dana', route: '/api/models/groups/chest/versions/1/evaluation' },
      { who: 'ada', route: '/api/models/groups/chest/versions/1/evaluation' },
      { who: 'dana', route: '/api/models/groups/chest/versions/2/evaluation' },
      { who: 'dana', route: '/api/models/groups/chest/versions/3/evaluation' },
      { who: 'dana', route: '/api/models/groups/chest/versions/9/evaluation' },
      { who: 'carol', route: '/api/models/groups/chest/versions/1/evaluation' },
    ] as const;
    const answers = [];
    for (const c of cases) {
      const answer = await m.as(c.who, 'GET', c.route);
      const body = answer.body as { detail?: string };
      answers.push({ ...c, status: answer.status, body: answer.status === 200 ? answer.body : body.detail });
    }
    expect(answers).toEqual([
      { ...cases[0], status: 200, body: EVALUATION },
      { ...cases[1], status: 200, body: EVALUATION },
      { ...cases[2], status: 404, body: 'model package chest/2 has no evaluation' },
      { ...cases[3], status: 404, body: 'the evaluation of chest/3 is not in the object store' },
      { ...cases[4], status: 404, body: 'model package chest/9 does not exist' },
      { ...cases[5], status: 403, body: 'the role clinician may not perform models.read' },
    ]);
  });
});
