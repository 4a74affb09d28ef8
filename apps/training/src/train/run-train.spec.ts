import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeTensorDataset, type ModelArtifactMetadata, type TensorDatasetManifest } from '@triage/model';
import { runTrainingStep } from '../preprocess/test-support/run-training-step';

const CLASSES = ['normal', 'pneumonia'];

/** A split of `count` 16x16x1 noise images, odd rows labelled pneumonia and brighter. */
function writeSplit(dir: string, split: string, count: number): void {
  const images = new Float32Array(count * 256);
  for (let i = 0; i < images.length; i++) images[i] = ((i * 7919) % 101) / 202 + (Math.floor(i / 256) % 2) * 0.3;
  const manifest: TensorDatasetManifest = {
    format: 'triage-tensor-dataset/1',
    split,
    shape: [16, 16, 1],
    classes: CLASSES,
    items: Array.from({ length: count }, (_, i) => ({
      imageSetId: `set-${split}-${i}`,
      labelVersion: 1,
      label: i % 2,
      patientKey: `p${i}`,
    })),
  };
  writeTensorDataset(dir, manifest, images);
}

describe('train, run as the container runs it', () => {
  let ml: string;

  beforeAll(() => {
    ml = fs.mkdtempSync(path.join(os.tmpdir(), 'training-train-'));
    for (const root of ['one', 'two', 'two-again']) {
      writeSplit(path.join(ml, root, 'input/data/train'), 'train', 12);
      writeSplit(path.join(ml, root, 'input/data/validation'), 'validation', 4);
    }
    const hyperparameters = (workers: string) => ({ architecture: 'small', epochs: '2', 'batch-size': '4', seed: 'spec', workers });
    fs.mkdirSync(path.join(ml, 'one/input/config'), { recursive: true });
    fs.writeFileSync(path.join(ml, 'one/input/config/hyperparameters.json'), JSON.stringify(hyperparameters('1')));
    fs.mkdirSync(path.join(ml, 'two/input/config'), { recursive: true });
    fs.writeFileSync(path.join(ml, 'two/input/config/hyperparameters.json'), JSON.stringify(hyperparameters('2')));
    fs.cpSync(path.join(ml, 'two/input/config'), path.join(ml, 'two-again/input/config'), { recursive: true });
  });
  afterAll(() => fs.rmSync(ml, { recursive: true, force: true }));

  it('writes the model, its metadata, the curves and the checkpoints, with a progress line per batch and epoch', async () => {
    const run = await runTrainingStep('train', [], path.join(ml, 'one'));
    expect(run.code).toBe(0);
    expect(run.progress.map((p) => `${p.phase} ${p.done}/${p.total}`)).toEqual([
      'batch 1/3',
      'batch 2/3',
      'batch 3/3',
      'epoch 1/2',
      'batch 1/3',
      'batch 2/3',
      'batch 3/3',
      'epoch 2/2',
      'done 1/1',
    ]);
    expect(Object.keys(run.progress[3].metrics ?? {}).sort()).toEqual([
      'accuracy',
      'learningRate',
      'loss',
      'seconds',
      'valAccuracy',
      'valLoss',
    ]);
    const at = (p: string) => path.join(ml, 'one', p);
    expect(fs.readdirSync(at('model')).sort()).toEqual(['model.json', 'triage-model.json', 'weights.bin']);
    expect(fs.readdirSync(at('checkpoints')).sort()).toEqual(['best', 'last']);
    const metadata = JSON.parse(fs.readFileSync(at('model/triage-model.json'), 'utf8')) as ModelArtifactMetadata;
    expect({ ...metadata, createdAt: 'x', trainedOn: { ...metadata.trainedOn, backend: 'x' } }).toEqual({
      format: 'triage-model/1',
      architecture: 'small',
      inputShape: [16, 16, 1],
      classes: CLASSES,
      positiveClass: 1,
      preprocessing: { window: 'file', resize: 'area', normalise: 'unit' },
      trainedOn: {
        backend: 'x',
        hyperparameters: { architecture: 'small', epochs: '2', 'batch-size': '4', seed: 'spec', workers: '1' },
        seed: 'spec',
      },
      createdAt: 'x',
    });
    const history = JSON.parse(fs.readFileSync(at('output/data/history.json'), 'utf8')) as { epochs: Record<string, number>[] };
    expect(history.epochs.map((e) => Object.keys(e).sort())).toEqual(
      [1, 2].map(() => ['accuracy', 'epoch', 'learningRate', 'loss', 'seconds', 'valAccuracy', 'valLoss']),
    );
  }, 60_000);

  it('trains with two data-parallel replicas (this thread and a worker thread), the same weights from the same seed', async () => {
    const [run, again] = [
      await runTrainingStep('train', [], path.join(ml, 'two')),
      await runTrainingStep('train', [], path.join(ml, 'two-again')),
    ];
    expect(again.code).toBe(0);
    expect(
      fs.readFileSync(path.join(ml, 'two-again/model/weights.bin')).equals(fs.readFileSync(path.join(ml, 'two/model/weights.bin'))),
    ).toBe(true);
    expect([run.code, run.stderr.includes('failed') ? run.stderr : '']).toEqual([0, '']);
    expect(run.progress.filter((p) => p.phase === 'epoch').map((p) => p.done)).toEqual([1, 2]);
    expect(fs.readdirSync(path.join(ml, 'two/model')).sort()).toEqual(['model.json', 'triage-model.json', 'weights.bin']);
  }, 60_000);
});
