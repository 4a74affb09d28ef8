export { createPipelineTriggerHandler } from './pipeline-trigger/handler';
export { createModelEvaluationHandler } from './model-evaluation/handler';
export { createModelRegistryHandler } from './model-registry/handler';
export { createImageIngestionHandler } from './image-ingestion/handler';
export { loopDeps, type LoopDepsOverrides, type LoopDeps } from './deps/loop-deps';
export { lambdaHandler, type Core, type LoopLambdaHandler } from './runtime/lambda-handler';
export { powertoolsFor, powertoolsTools, METRICS_NAMESPACE, type Powertools } from './runtime/powertools';
export { openScoring, type ScoringParts } from './deps/scoring-parts';
