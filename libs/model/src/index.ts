export * from './dataset/tensor-dataset';
