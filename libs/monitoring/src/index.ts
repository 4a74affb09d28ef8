export { imageFeatures, IMAGE_FEATURE_NAMES, type ImageFeatures } from './features/image-features';
export {
  buildDriftReference,
  DRIFT_FEATURES,
  DRIFT_REFERENCE_FILE,
  DRIFT_REFERENCE_FORMAT,
  REFERENCE_SAMPLE_CAP,
  type DriftFeature,
  type DriftReference,
  type DriftRow,
  type FeatureReference,
} from './drift/drift-reference';
export { compareWindow, type DriftFeatureResult, type DriftThresholds } from './drift/compare-window';
export { binEdges, ksNoiseFloor, ksStatistic, populationStabilityIndex, psiNoiseFloor, REFERENCE_BINS } from './drift/drift-statistics';
export { parseDriftReference, readDriftReference } from './drift/read-drift-reference';
export { DriftFeatureResultSchema, DriftReferenceSchema, DriftStatusSchema, ShadowComparisonSchema } from './drift/drift-schemas';
export type {
  DriftStatus,
  ImageSetKey,
  LabelOf,
  ModelMonitor,
  MonitoredModel,
  ScoreCount,
  ScoreRecord,
  ScoreRole,
  ShadowComparison,
} from './model-monitor';
export { LocalModelMonitor, monitoringFile } from './local/local-model-monitor';
export { asyncModelMonitor, type AsyncModelMonitor } from './aws/async-model-monitor';
export { DynamoDbModelMonitor, type DynamoDbModelMonitorOptions } from './aws/dynamodb-model-monitor';
export { metricsTableDefinition } from './aws/metrics-table';
