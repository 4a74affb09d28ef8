import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerModelIo } from '../io/register-model-io';
import { MODEL_ARTIFACT_METADATA_FILE, type ModelArtifactMetadata } from '../model-artifact';
import { buildResNet } from '../resnet/build-resnet';
import { tf } from '../tf';
import { tinyConfig, tinyImageSet } from '../training/test-support/tiny-data';
import { loadTriageModel, predictScores } from './load-triage-model';

const METADATA: ModelArtifactMetadata = {
  format: 'triage-model/1',
  architecture: 'small',
  inputShape: [16, 16, 1],
  classes: ['normal', 'pneumonia'],
  positiveClass: 1,
  preprocessing: { window: 'file', resize: 'area', normalise: 'unit' },
  trainedOn: { backend: 'cpu', hyperparameters: {}, seed: 's' },
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('loadTriageModel and predictScores', () => {
  let dir: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerModelIo();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-inference-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads model.json and triage-model.json from a folder, and scores as the saved model did, whatever the batch size', async () => {
    const saved = buildResNet(tinyConfig({ seed: 6 }));
    await saved.save(`file://${dir}`);
    fs.writeFileSync(path.join(dir, MODEL_ARTIFACT_METADATA_FILE), JSON.stringify(METADATA));
    const images = tinyImageSet(7, 'score').images;
    const expected = Array.from((saved.predict(tf.tensor4d(images, [7, 16, 16, 1])) as tf.Tensor).dataSync());

    for (const where of [dir, `file://${dir}`, path.join(dir, 'model.json')]) {
      const { model, metadata } = await loadTriageModel(where);
      expect(metadata).toEqual(METADATA);
      for (const batch of [1, 3, 32]) {
        const scores = Array.from(predictScores(model, images, batch));
        expect(scores.map((s, i) => Math.abs(s - expected[i]) < 1e-6)).toEqual(expected.map(() => true));
      }
      model.dispose();
    }
  });

  it("takes a softmax head's positive column", () => {
    const model = buildResNet(tinyConfig({ classes: 3, head: 'softmax' }));
    const images = tinyImageSet(4, 'soft').images;
    const all = (model.predict(tf.tensor4d(images, [4, 16, 16, 1])) as tf.Tensor2D).arraySync();
    const scores = Array.from(predictScores(model, images, 2, 2));
    expect(scores.map((s, i) => Math.abs(s - all[i][2]) < 1e-6)).toEqual([true, true, true, true]);
    expect(() => predictScores(model, new Float32Array(100))).toThrow('100 values are not whole 16x16x1 images');
  });

  it('refuses a folder whose metadata is not triage-model/1', async () => {
    fs.writeFileSync(path.join(dir, MODEL_ARTIFACT_METADATA_FILE), JSON.stringify({ format: 'other' }));
    await expect(loadTriageModel(dir)).rejects.toThrow('triage-model.json is not triage-model/1 (format other)');
  });
});
