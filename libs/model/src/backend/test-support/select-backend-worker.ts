import { parentPort, workerData } from 'node:worker_threads';
import { tf } from '../../tf';
import { selectBackend } from '../select-backend';

/** In a worker thread: selects the backend as the training replicas will, runs one conv gradient, reports both. */
async function main(): Promise<void> {
  const lines: string[] = [];
  const choice = await selectBackend({ env: workerData as Record<string, string>, log: (line) => lines.push(line) });
  const gradientSum = tf.tidy(() => {
    const x = tf.ones([1, 6, 6, 2]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 2, 4]) as tf.Tensor4D;
    const dw = tf.grad((filter: tf.Tensor) => tf.conv2d(x, filter as tf.Tensor4D, 2, 'same').sum())(w);
    return dw.sum().dataSync()[0];
  });
  parentPort?.postMessage({ choice, lines, backend: tf.getBackend(), gradientSum });
}

main().catch((error: Error) => parentPort?.postMessage({ error: error.message }));
