import type { BackendName } from '../backend/backend-choice';
import type { ModelConfig } from '../resnet/model-config';

/** What a worker replica is started with (workerData). */
export interface ReplicaInit {
  backend: BackendName;
  config: ModelConfig;
  /** The training images, shared rather than copied. */
  images: SharedArrayBuffer;
  labels: Int32Array;
  shape: [number, number, number];
}

/** Main thread to replica. */
export type ReplicaRequest = { kind: 'weights'; weights: Float32Array[] } | { kind: 'step'; indices: Int32Array } | { kind: 'close' };

/** Replica to main thread. */
export type ReplicaReply =
  | { kind: 'ready' }
  | { kind: 'step'; grads: Float32Array[]; stats: Float32Array[]; loss: number; correct: number }
  | { kind: 'error'; message: string };
