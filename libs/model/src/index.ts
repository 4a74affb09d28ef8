export * from './tf';
export * from './dataset/tensor-dataset';
export * from './metrics/classifier-evaluation';
export * from './model-artifact';
