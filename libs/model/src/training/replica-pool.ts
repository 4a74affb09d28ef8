import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackendName } from '../backend/backend-choice';
import { tf } from '../tf';
import type { ImageSet } from './batches';
import type { ReplicaInit, ReplicaReply, ReplicaRequest } from './replica-protocol';
import type { TrainOptions } from './train-model';
import { localStep, outputUnits } from './train-model';

/** The combined result of one data-parallel step. */
export interface ReplicaStep {
  grads: tf.NamedTensorMap;
  loss: number;
  correct: number;
}

/**
 * This thread plus `workers - 1` worker-thread replicas. Each step splits the batch into equal
 * shares, computes them at once, and averages the gradients weighted by share size (so the
 * update is the full batch's) and the BatchNorm moving statistics; after the update, `sync`
 * sends every weight to the replicas so all hold the same model.
 */
export class ReplicaPool {
  private constructor(
    private readonly model: tf.LayersModel,
    private readonly train: ImageSet,
    private readonly workers: Worker[],
  ) {}

  /** Starts the worker replicas on this thread's backend, each with the model's current weights. */
  static async start(model: tf.LayersModel, train: ImageSet, options: TrainOptions): Promise<ReplicaPool> {
    if (!options.modelConfig) throw new Error('workers > 1 needs the modelConfig the model was built from');
    const images = new SharedArrayBuffer(train.images.byteLength);
    new Float32Array(images).set(train.images);
    const init: ReplicaInit = {
      backend: backendName(),
      config: options.modelConfig,
      images,
      labels: train.labels,
      shape: train.shape,
    };
    const workers = Array.from({ length: (options.workers ?? 1) - 1 }, () => startWorker(init));
    const pool = new ReplicaPool(model, train, workers);
    try {
      await Promise.all(workers.map((w) => nextReply(w)));
      await pool.sync(model);
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Gradients, mean loss and correct count of the batch `indices`, computed in shares across the replicas. */
  async step(indices: Int32Array): Promise<ReplicaStep> {
    const replicas = this.workers.length + 1;
    const share = Math.ceil(indices.length / replicas);
    const parts = Array.from({ length: replicas }, (_, r) => indices.subarray(r * share, Math.min(indices.length, (r + 1) * share)));
    const pending = this.workers.map((w, r) => {
      post(w, { kind: 'step', indices: parts[r + 1].slice() });
      return nextReply(w);
    });
    const variables = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    const local = parts[0].length ? localStep(this.model, this.train, parts[0], outputUnits(this.model)) : undefined;
    const remote = await Promise.all(pending);
    const weightOf = (r: number) => parts[r].length / indices.length;
    let loss = (local?.loss ?? 0) * weightOf(0);
    let correct = local?.correct ?? 0;
    const grads: tf.NamedTensorMap = {};
    variables.forEach((v, i) => {
      grads[v.name] = tf.tidy(() => {
        let sum = local ? local.grads[v.name].mul(weightOf(0)) : tf.zerosLike(v);
        remote.forEach((reply, r) => {
          if (reply.kind === 'step' && parts[r + 1].length) sum = sum.add(tf.tensor(reply.grads[i], v.shape).mul(weightOf(r + 1)));
        });
        return sum;
      });
    });
    if (local) tf.dispose(Object.values(local.grads));
    const stats = this.model.nonTrainableWeights;
    stats.forEach((w, i) => {
      const mean = tf.tidy(() => {
        let sum = w.read().mul(weightOf(0));
        remote.forEach((reply, r) => {
          if (reply.kind === 'step') sum = sum.add(tf.tensor(reply.stats[i], w.read().shape).mul(weightOf(r + 1)));
        });
        return sum;
      });
      w.write(mean);
      // The variable keeps its own reference to the assigned values.
      mean.dispose();
    });
    remote.forEach((reply, r) => {
      if (reply.kind === 'step') {
        loss += reply.loss * weightOf(r + 1);
        correct += reply.correct;
      }
    });
    return { grads, loss, correct };
  }

  /** Sends the model's weights to every replica and waits until each holds them. */
  async sync(model: tf.LayersModel): Promise<void> {
    const weights = model.getWeights().map((w) => (w.dataSync() as Float32Array).slice());
    await Promise.all(
      this.workers.map((w) => {
        post(w, { kind: 'weights', weights });
        return nextReply(w);
      }),
    );
  }

  /** Stops the replicas. */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        post(w, { kind: 'close' });
        await w.terminate();
      }),
    );
  }
}

/** A replica thread: the built .js as is; from source (.ts, under tsx) tsx registered in the thread first, as hooks do not reach workers. */
function startWorker(init: ReplicaInit): Worker {
  const file = path.join(__dirname, `replica-worker${path.extname(__filename)}`);
  if (file.endsWith('.js')) return new Worker(file, { workerData: init });
  const code = `require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true, execArgv: ['--conditions=@triage/source'], workerData: init });
}

function post(worker: Worker, request: ReplicaRequest): void {
  worker.postMessage(request);
}

/** The replica's next reply; its error (or its exit) rejects. */
function nextReply(worker: Worker): Promise<ReplicaReply> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: ReplicaReply) => {
      done();
      if (reply.kind === 'error') reject(new Error(`training replica: ${reply.message}`));
      else resolve(reply);
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`training replica exited (${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** The name selectBackend knows this thread's backend by. */
function backendName(): BackendName {
  const name = tf.getBackend();
  return name === 'tensorflow' || name === 'wasm' ? name : 'cpu';
}
