/**
 * The one TensorFlow.js import of the model code: `@tensorflow/tfjs` (core, layers and the cpu
 * backend), so the same code runs on tfjs-node(-gpu), wasm and cpu. Import `tf` from here, never
 * from a backend package.
 */
export * as tf from '@tensorflow/tfjs';
