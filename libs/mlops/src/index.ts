export * from './config/mlops-config';
export * from './config/mlops-config-error';
export * from './config/load-mlops-config';
export * from './config/pipeline-parameters';
