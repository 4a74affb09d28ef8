import type { ObjectStore } from '@triage/artifacts';
import type { Catalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import type { EventBus } from '@triage/events';
import type { DicomQuery, HealthImaging, InstanceStore } from '@triage/healthimaging';
import type { EvaluationStore, MlopsConfig, ProcessedEvents, TriggerState } from '@triage/mlops';
import type { AsyncModelMonitor } from '@triage/monitoring';
import type { PipelineRunner } from '@triage/pipeline';
import type { AuditHeadAnchor } from '@triage/platform';
import type { ModelRegistry } from '@triage/registry';

/** Which implementations run: the embedded ones on this machine, or AWS's managed services. */
export const BACKEND_KINDS = ['local', 'aws'] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

/** The loop's own state: what the trigger claimed, which events were handled, the decisions of finished runs. */
export interface LoopState {
  trigger: TriggerState;
  processed: ProcessedEvents;
  evaluations: EvaluationStore;
}

/** The embedded DICOM engine's doors: the HealthImaging API, ingest of Part 10 instances, and DICOM-level queries (QIDO-RS). */
export type DicomStore = HealthImaging & InstanceStore & DicomQuery;

/**
 * How events reach their handlers: `in-process` (the app subscribes its handlers on the bus it holds), or `rules`
 * (deployed rules deliver them to functions elsewhere; subscribing here is refused).
 */
export type EventDelivery = 'in-process' | 'rules';

/**
 * Every port the apps compose, from one place. Each part opens on first use and is kept (a Lambda container opens only
 * what its function needs); `close` closes what was opened, in reverse. Callers see ports only: which implementation
 * runs is the composition root's business (`TRIAGE_BACKEND`), never theirs.
 */
export interface Backend {
  readonly kind: BackendKind;
  readonly eventDelivery: EventDelivery;
  /** The bus events are published on (local: the SQLite outbox bus; AWS: EventBridge PutEvents). */
  events(): Promise<EventBus>;
  /** Labels, predictions and the worklist (local: SQLite; AWS: DynamoDB, events through the table's outbox). */
  catalog(): Promise<Catalog>;
  /** Model versions, approval and promotion (local: SQLite; AWS: SageMaker Model Registry). */
  registry(): Promise<ModelRegistry>;
  /** Pipeline executions (local: step processes; AWS: SageMaker Pipelines). */
  runner(): Promise<PipelineRunner>;
  /** Artifacts: models, datasets, reports (local: files under <data>/s3; AWS: S3). */
  objects(): ObjectStore;
  /** The loop's state (local: SQLite; AWS: the mlops DynamoDB table). */
  loopState(): Promise<LoopState>;
  /** Scores, drift and shadow comparisons (local: SQLite; AWS: the metrics DynamoDB table). */
  monitor(): Promise<AsyncModelMonitor>;
  /** Image sets, metadata and frames (local: the embedded HealthImaging; AWS: HealthImaging through the SDK). */
  healthImaging(): Promise<HealthImaging>;
  /**
   * The embedded DICOM engine behind the API's DICOMweb, DIMSE, HealthImaging-API and import-job doors; undefined where
   * the archive is a managed service (AWS HealthImaging: ingest by its import jobs, DICOMweb by its own endpoints).
   */
  dicomStore?: () => Promise<DicomStore>;
  /** The datastore the platform serves and scores. */
  datastoreId(): Promise<DatastoreId>;
  /** Where the audit log's head is anchored, off the log's own disk (local: a SQLite file beside it; AWS: S3 with Object Lock). */
  auditAnchor(): Promise<AuditHeadAnchor>;
  /** The loop's config with the names this backend runs under (on AWS: the pipeline and model package group the stacks deployed). */
  loopConfig(config: MlopsConfig): MlopsConfig;
  /**
   * The compiled pipeline definition runs start with (local: the triage pipeline compiled here; AWS: the definition the
   * stack deployed, read back, so that starting a run never replaces it).
   */
  pipelineDefinition(config: MlopsConfig): Promise<string | object>;
  /** A folder for caches this process may rebuild (local: the data directory; AWS: the function's /tmp). */
  scratchDir(): string;
  /** Closes everything opened, newest first. */
  close(): Promise<void>;
}
