export { createPipelineTriggerHandler } from './pipeline-trigger/handler';
export { createModelEvaluationHandler } from './model-evaluation/handler';
export { createModelRegistryHandler } from './model-registry/handler';
export { createImageIngestionHandler } from './image-ingestion/handler';
export { localDeps, type LocalDepsOverrides, type LoopDeps } from './deps/local-deps';
export { lambdaHandler, type Core, type LoopLambdaHandler } from './runtime/lambda-handler';
export { powertoolsFor, powertoolsTools, METRICS_NAMESPACE, type Powertools } from './runtime/powertools';
export { localScoring, type ScoringParts } from './deps/local-scoring';
