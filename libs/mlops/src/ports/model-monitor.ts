import type { AsyncModelMonitor, DriftReference } from '@triage/monitoring';

export type { DriftFeatureResult, DriftReference, DriftStatus, DriftThresholds, ScoreRecord } from '@triage/monitoring';

/**
 * What the image-ingestion handler needs of the monitor: record each score and check drift, asynchronously (the
 * DynamoDB monitor on AWS; libs/monitoring's LocalModelMonitor behind asyncModelMonitor locally).
 */
export type ModelMonitor = Pick<AsyncModelMonitor, 'recordScore' | 'checkDrift'>;

/** Reads drift-reference.json beside a version's evaluationUri; undefined when the version has none (trained before drift existed). */
export type DriftReferenceReader = (evaluationUri: string) => Promise<DriftReference | undefined>;
