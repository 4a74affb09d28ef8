import type { TSchema } from '@sinclair/typebox';
import type { EventEntry, EventEnvelope } from '../event-envelope';
import { ImageSetCreatedDetail, ImageSetUpdatedDetail } from './image-set-events';
import { ImageVerifiedDetail, LabelChangedDetail } from './label-events';
import { ModelApprovedDetail, ModelDriftDetectedDetail, ModelPromotedDetail } from './model-events';
import { ModelPackageStateChangeDetail, PipelineExecutionStatusChangeDetail, ScheduledEventDetail } from './sagemaker-events';

/** AWS's detail-type names for the SageMaker and scheduler events (spelled as AWS sends them). */
export const PIPELINE_EXECUTION_STATUS_CHANGE = 'SageMaker Model Building Pipeline Execution Status Change';
export const MODEL_PACKAGE_STATE_CHANGE = 'SageMaker Model Package State Change';
export const SCHEDULED_EVENT = 'Scheduled Event';

/** Every event the platform emits or receives, by `detail-type`, with the schema its detail must match. */
export const DETAIL_SCHEMAS = {
  ImageSetCreated: ImageSetCreatedDetail,
  ImageSetUpdated: ImageSetUpdatedDetail,
  ImageVerified: ImageVerifiedDetail,
  LabelChanged: LabelChangedDetail,
  ModelApproved: ModelApprovedDetail,
  ModelPromoted: ModelPromotedDetail,
  ModelDriftDetected: ModelDriftDetectedDetail,
  [PIPELINE_EXECUTION_STATUS_CHANGE]: PipelineExecutionStatusChangeDetail,
  [MODEL_PACKAGE_STATE_CHANGE]: ModelPackageStateChangeDetail,
  [SCHEDULED_EVENT]: ScheduledEventDetail,
} satisfies Record<string, TSchema>;

export type DetailType = keyof typeof DETAIL_SCHEMAS;
export const DETAIL_TYPES = Object.keys(DETAIL_SCHEMAS) as DetailType[];

/** The detail type of each event, from its schema. */
export interface DetailOf {
  ImageSetCreated: ImageSetCreatedDetail;
  ImageSetUpdated: ImageSetUpdatedDetail;
  ImageVerified: ImageVerifiedDetail;
  LabelChanged: LabelChangedDetail;
  ModelApproved: ModelApprovedDetail;
  ModelPromoted: ModelPromotedDetail;
  ModelDriftDetected: ModelDriftDetectedDetail;
  [PIPELINE_EXECUTION_STATUS_CHANGE]: PipelineExecutionStatusChangeDetail;
  [MODEL_PACKAGE_STATE_CHANGE]: ModelPackageStateChangeDetail;
  [SCHEDULED_EVENT]: ScheduledEventDetail;
}

/** A platform event: the envelope with its detail typed by its detail-type. */
export type TriageEvent<T extends DetailType = DetailType> = { [K in T]: EventEnvelope<K, DetailOf[K]> }[T];
/** What a publisher hands over for a platform event. */
export type TriageEventEntry<T extends DetailType = DetailType> = { [K in T]: EventEntry<K, DetailOf[K]> }[T];
