import type { TSchema } from '@sinclair/typebox';
import type { EventEntry, EventEnvelope } from '../event-envelope';
import { ImageSetCreatedDetail, ImageSetUpdatedDetail } from './image-set-events';
import { ImageVerifiedDetail, LabelChangedDetail } from './label-events';

/** Every event the platform emits, by `detail-type`, with the schema its detail must match (the pipeline adds its own later). */
export const DETAIL_SCHEMAS = {
  ImageSetCreated: ImageSetCreatedDetail,
  ImageSetUpdated: ImageSetUpdatedDetail,
  ImageVerified: ImageVerifiedDetail,
  LabelChanged: LabelChangedDetail,
} satisfies Record<string, TSchema>;

export type DetailType = keyof typeof DETAIL_SCHEMAS;
export const DETAIL_TYPES = Object.keys(DETAIL_SCHEMAS) as DetailType[];

/** The detail type of each event, from its schema. */
export interface DetailOf {
  ImageSetCreated: ImageSetCreatedDetail;
  ImageSetUpdated: ImageSetUpdatedDetail;
  ImageVerified: ImageVerifiedDetail;
  LabelChanged: LabelChangedDetail;
}

/** A platform event: the envelope with its detail typed by its detail-type. */
export type TriageEvent<T extends DetailType = DetailType> = { [K in T]: EventEnvelope<K, DetailOf[K]> }[T];
/** What a publisher hands over for a platform event. */
export type TriageEventEntry<T extends DetailType = DetailType> = { [K in T]: EventEntry<K, DetailOf[K]> }[T];
