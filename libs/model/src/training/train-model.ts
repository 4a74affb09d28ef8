import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerModelIo } from '../io/register-model-io';
import { tf } from '../tf';
import { batchCorrect, batchLoss, gatherBatch, sizeOf, type ImageSet } from './batches';
import { learningRateAt, type LearningRateSchedule } from './learning-rate';
import { seededRandom, shuffledIndices } from './seeded-random';
import { ReplicaPool } from './replica-pool';
import type { ModelConfig } from '../resnet/model-config';

/** One batch done. */
export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  learningRate: number;
}

/** One epoch done: the curves history.json holds. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  learningRate: number;
  seconds: number;
}

/** Options of {@link trainModel}. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  /** Adam's base learning rate. */
  learningRate: number;
  /** Default cosine decay without warm-up. */
  schedule?: LearningRateSchedule;
  /** Seeds the shuffling (the model's own seed sets its initial weights): same seed and backend, same weights. */
  seed: string;
  /** Epochs without a lower validation loss before stopping; the best epoch's weights are restored. Default: never stop early. */
  patience?: number;
  /** Where `best/` and `last/` checkpoints (model.json + weights) are written each epoch; default none. */
  checkpointDir?: string;
  /**
   * Data-parallel replicas (1: this thread only; 2: this thread and a worker thread, each computing
   * the gradients of half of every batch, averaged here). A worker replica needs `modelConfig` to
   * build its copy.
   */
  workers?: number;
  /** The config the model was built from (for worker replicas). */
  modelConfig?: ModelConfig;
  onBatch?: (progress: BatchProgress) => void;
  onEpoch?: (record: EpochRecord) => void;
}

/** What {@link trainModel} did. */
export interface TrainResult {
  history: EpochRecord[];
  /** The epoch (1-based) whose weights the model holds at the end. */
  bestEpoch: number;
  stoppedEarly: boolean;
}

/**
 * Trains `model` in place with a custom loop (tf.variableGrads then optimizer.applyGradients, so
 * the gradients of several replicas can be averaged before one update): shuffled batches per
 * epoch, Adam with a scheduled rate, validation after each epoch, early stopping on validation
 * loss restoring the best weights, and best/last checkpoints.
 */
export async function trainModel(
  model: tf.LayersModel,
  train: ImageSet,
  validation: ImageSet | undefined,
  options: TrainOptions,
): Promise<TrainResult> {
  const n = sizeOf(train);
  if (n === 0) throw new RangeError('the training set is empty');
  const batchesPerEpoch = Math.ceil(n / options.batchSize);
  const totalSteps = batchesPerEpoch * options.epochs;
  const schedule = options.schedule ?? { kind: 'cosine' };
  const optimizer = tf.train.adam(options.learningRate);
  const units = outputUnits(model);
  const history: EpochRecord[] = [];
  const pool = (options.workers ?? 1) > 1 ? await ReplicaPool.start(model, train, options) : undefined;
  let best: { loss: number; epoch: number; weights: tf.Tensor[] } | undefined;
  let stoppedEarly = false;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      const order = shuffledIndices(n, seededRandom(`${options.seed}/epoch/${epoch}`));
      let lossSum = 0;
      let correct = 0;
      let learningRate = options.learningRate;
      for (let b = 0; b < batchesPerEpoch; b++) {
        const indices = order.subarray(b * options.batchSize, Math.min(n, (b + 1) * options.batchSize));
        learningRate = learningRateAt(options.learningRate, schedule, (epoch - 1) * batchesPerEpoch + b, totalSteps);
        // Adam reads its rate at every update; tfjs has no setter for it.
        (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
        const step = pool ? await pool.step(indices) : localStep(model, train, indices, units);
        // Gradients keyed by variable name, as variableGrads gives them (the declared type asks for variables).
        optimizer.applyGradients(step.grads as Parameters<typeof optimizer.applyGradients>[0]);
        tf.dispose(Object.values(step.grads));
        if (pool) await pool.sync(model);
        lossSum += step.loss * indices.length;
        correct += step.correct;
        options.onBatch?.({
          epoch,
          batch: b + 1,
          batches: batchesPerEpoch,
          loss: step.loss,
          accuracy: step.correct / indices.length,
          learningRate,
        });
      }
      const record: EpochRecord = { epoch, loss: lossSum / n, accuracy: correct / n, learningRate, seconds: 0 };
      if (validation && sizeOf(validation)) Object.assign(record, evaluateLoss(model, validation, options.batchSize, units));
      record.seconds = (performance.now() - started) / 1000;
      history.push(record);
      options.onEpoch?.(record);

      const monitored = record.valLoss ?? record.loss;
      if (!best || monitored < best.loss) {
        if (best) tf.dispose(best.weights);
        best = { loss: monitored, epoch, weights: model.getWeights().map((w) => w.clone()) };
        if (options.checkpointDir) await saveCheckpoint(model, options.checkpointDir, 'best');
      }
      if (options.checkpointDir) await saveCheckpoint(model, options.checkpointDir, 'last');
      if (options.patience !== undefined && epoch - best.epoch >= options.patience && epoch < options.epochs) {
        stoppedEarly = true;
        break;
      }
    }
  } finally {
    await pool?.close();
    optimizer.dispose();
  }
  if (best && best.epoch !== history.length) model.setWeights(best.weights);
  if (best) tf.dispose(best.weights);
  return { history, bestEpoch: best?.epoch ?? 0, stoppedEarly };
}

/** The gradients, mean loss and correct count of one batch on this thread. */
export function localStep(
  model: tf.LayersModel,
  set: ImageSet,
  indices: ArrayLike<number>,
  units: number,
): { grads: tf.NamedTensorMap; loss: number; correct: number } {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let correct = 0;
  const { value, grads } = tf.tidy(() => {
    const { x, y } = gatherBatch(set, indices, units);
    const result = tf.variableGrads(() => {
      const predictions = model.apply(x, { training: true }) as tf.Tensor2D;
      correct = batchCorrect(y, predictions).dataSync()[0];
      return batchLoss(y, predictions);
    }, variables);
    return result;
  });
  const loss = value.dataSync()[0];
  value.dispose();
  return { grads, loss, correct };
}

/** Mean loss and accuracy of `set` in inference mode, batch by batch. */
export function evaluateLoss(
  model: tf.LayersModel,
  set: ImageSet,
  batchSize: number,
  units = outputUnits(model),
): { valLoss: number; valAccuracy: number } {
  const n = sizeOf(set);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const [loss, right] = tf.tidy(() => {
      const { x, y } = gatherBatch(set, indices, units);
      const predictions = model.apply(x, { training: false }) as tf.Tensor2D;
      return [batchLoss(y, predictions).dataSync()[0], batchCorrect(y, predictions).dataSync()[0]];
    });
    lossSum += loss * indices.length;
    correct += right;
  }
  return { valLoss: lossSum / n, valAccuracy: correct / n };
}

/** Units of the model's output: 1 for a sigmoid head, the class count for a softmax. */
export function outputUnits(model: tf.LayersModel): number {
  const shape = model.outputs[0].shape;
  return shape[shape.length - 1] ?? 1;
}

async function saveCheckpoint(model: tf.LayersModel, dir: string, which: 'best' | 'last'): Promise<void> {
  registerModelIo();
  const target = path.resolve(dir, which);
  fs.mkdirSync(target, { recursive: true });
  await model.save(`file://${target}`);
}
