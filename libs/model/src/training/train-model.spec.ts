import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildResNet } from '../resnet/build-resnet';
import { tf } from '../tf';
import { learningRateAt } from './learning-rate';
import { tinyConfig, tinyImageSet } from './test-support/tiny-data';
import { trainModel, type BatchProgress, type EpochRecord } from './train-model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('trainModel', () => {
  const train = tinyImageSet(24, 'train');
  const validation = tinyImageSet(8, 'validation');

  it('is deterministic under a seed: same seed, identical weights; another seed, others', async () => {
    const run = async (seed: string) => {
      const model = buildResNet(tinyConfig({ seed: 5 }));
      await trainModel(model, train, validation, { epochs: 2, batchSize: 8, learningRate: 0.01, seed });
      const weights = weightsOf(model);
      model.dispose();
      return weights;
    };
    const [a, b, c] = [await run('x'), await run('x'), await run('y')];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('reports every batch and epoch with the scheduled learning rate, and writes best and last checkpoints', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-train-'));
    const batches: BatchProgress[] = [];
    const epochs: EpochRecord[] = [];
    const model = buildResNet(tinyConfig());
    const result = await trainModel(model, train, validation, {
      epochs: 2,
      batchSize: 10,
      learningRate: 0.01,
      seed: 's',
      checkpointDir: dir,
      onBatch: (b) => batches.push(b),
      onEpoch: (e) => epochs.push(e),
    });
    // 24 items in batches of 10: 10, 10, 4.
    expect(batches.map((b) => [b.epoch, b.batch, b.batches])).toEqual([
      [1, 1, 3],
      [1, 2, 3],
      [1, 3, 3],
      [2, 1, 3],
      [2, 2, 3],
      [2, 3, 3],
    ]);
    expect(batches.map((b) => b.learningRate)).toEqual([0, 1, 2, 3, 4, 5].map((step) => learningRateAt(0.01, { kind: 'cosine' }, step, 6)));
    expect(result.history).toEqual(epochs);
    expect(epochs.map((e) => Object.keys(e).sort())).toEqual(
      [1, 2].map(() => ['accuracy', 'epoch', 'learningRate', 'loss', 'seconds', 'valAccuracy', 'valLoss']),
    );
    expect(epochs.map((e) => [e.learningRate, (e.valAccuracy ?? NaN) * 8 === Math.round((e.valAccuracy ?? NaN) * 8)])).toEqual([
      [batches[2].learningRate, true],
      [batches[5].learningRate, true],
    ]);
    expect(fs.readdirSync(dir).sort()).toEqual(['best', 'last']);
    expect(fs.readdirSync(path.join(dir, 'last')).sort()).toEqual(['model.json', 'weights.bin']);
    fs.rmSync(dir, { recursive: true });
  });

  it('stops early after `patience` epochs without a lower validation loss and restores the best weights', async () => {
    // A rate this high makes the validation loss climb after the first epochs.
    const model = buildResNet(tinyConfig({ seed: 9 }));
    const snapshots: number[][][] = [];
    const result = await trainModel(model, train, validation, {
      epochs: 12,
      batchSize: 8,
      learningRate: 0.3,
      schedule: { kind: 'constant' },
      seed: 'p',
      patience: 2,
      onEpoch: () => snapshots.push(weightsOf(model)),
    });
    const losses = result.history.map((e) => e.valLoss ?? NaN);
    expect({ best: result.bestEpoch, epochs: result.history.length, stoppedEarly: result.stoppedEarly }).toEqual({
      best: 1,
      epochs: 3,
      stoppedEarly: true,
    });
    expect(Math.min(...losses)).toBe(losses[0]);
    expect(weightsOf(model)).toEqual(snapshots[0]);
  });
});

describe('learningRateAt', () => {
  it.each([
    [{ kind: 'constant' as const }, [0.1, 0.1, 0.1]],
    [{ kind: 'cosine' as const, floor: 0 }, [0.1, 0.05, 0]],
    [{ kind: 'constant' as const, warmupSteps: 2 }, [0.05, 0.1, 0.1]],
  ])('%j over steps 0, 1, 2 of 2', (schedule, rates) => {
    expect([0, 1, 2].map((s) => learningRateAt(0.1, schedule, s, 2))).toEqual(rates.map((r) => expect.closeTo(r, 12)));
  });
});
