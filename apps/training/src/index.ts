export * from './container/ml-paths';
export * from './container/hyperparameters';
export * from './container/run-container';
