export * from './progress/progress';
export * from './definition/pipeline-definition-json';
export * from './pipeline-runner';
