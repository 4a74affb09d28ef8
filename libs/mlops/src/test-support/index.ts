export * from './fake-pipeline-runner';
export * from './fake-scoring';
export * from './recording-tools';
