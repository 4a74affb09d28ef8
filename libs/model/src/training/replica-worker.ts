import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend/select-backend';
import { buildResNet } from '../resnet/build-resnet';
import { tf } from '../tf';
import type { ReplicaInit, ReplicaReply, ReplicaRequest } from './replica-protocol';
import { localStep, outputUnits } from './train-model';

// A data-parallel replica: its own tfjs and backend instance in a worker thread, computing the
// gradients of its share of each batch; the main thread averages them and sends the new weights.
const init = workerData as ReplicaInit;
const port = parentPort;
if (!port) throw new Error('replica-worker runs in a worker thread');
const reply = (message: ReplicaReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

void (async () => {
  await selectBackend({ backend: init.backend, log: () => undefined });
  const model = buildResNet(init.config);
  const set = { images: new Float32Array(init.images), labels: init.labels, shape: init.shape };
  const units = outputUnits(model);
  port.on('message', (request: ReplicaRequest) => {
    try {
      if (request.kind === 'close') {
        port.close();
        return;
      }
      if (request.kind === 'weights') {
        const current = model.getWeights();
        // setWeights assigns (the variables take their own reference): the tensors made here are ours to dispose.
        const received = request.weights.map((w, i) => tf.tensor(w, current[i].shape));
        model.setWeights(received);
        tf.dispose(received);
        reply({ kind: 'ready' });
        return;
      }
      const step = localStep(model, set, request.indices, units);
      // Copies: the cpu backend's dataSync hands out its own storage, which must not be transferred away.
      const gradData = model.trainableWeights.map((w) => (step.grads[(w.read() as tf.Variable).name].dataSync() as Float32Array).slice());
      const stats = model.nonTrainableWeights.map((w) => (w.read().dataSync() as Float32Array).slice());
      tf.dispose(Object.values(step.grads));
      reply(
        { kind: 'step', grads: gradData, stats, loss: step.loss, correct: step.correct },
        [...gradData, ...stats].map((a) => a.buffer as ArrayBuffer),
      );
    } catch (error) {
      reply({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  reply({ kind: 'ready' });
})().catch((error: unknown) => reply({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
