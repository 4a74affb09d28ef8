import type { EventBridgeEvent } from 'aws-lambda';
import { studySummaryFromMetadata, type Catalog } from '@triage/catalog';
import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { EventId, TriageEvent } from '@triage/events';
import type { HealthImaging } from '@triage/healthimaging';

/** HealthImaging's own event source and the detail-type of a new image set (as AWS spells them). */
export const HEALTH_IMAGING_SOURCE = 'aws.medical-imaging';
export const IMAGE_SET_CREATED = 'Image Set Created';

/** What HealthImaging puts in an image set event's detail (the fields read here). */
interface HealthImagingImageSetDetail {
  datastoreId: string;
  imageSetId: string;
  imageSetState?: string;
}

/** Whether an event is HealthImaging's own "Image Set Created". */
export function isHealthImagingImageSetCreated(event: EventBridgeEvent<string, unknown>): boolean {
  return event.source === HEALTH_IMAGING_SOURCE && event['detail-type'] === IMAGE_SET_CREATED;
}

/**
 * On AWS a new image set is announced by HealthImaging itself, with ids only. This puts the image set on the worklist
 * (what the local projector does on the bus) and gives the platform's ImageSetCreated for the scoring core: undefined
 * when the image set is not its study's primary one (or is already gone), so nothing is scored.
 */
export async function imageSetCreatedFromHealthImaging(
  event: EventBridgeEvent<string, unknown>,
  store: HealthImaging,
  catalog: Catalog,
): Promise<TriageEvent<'ImageSetCreated'> | undefined> {
  const detail = event.detail as Partial<HealthImagingImageSetDetail>;
  if (typeof detail?.datastoreId !== 'string' || typeof detail.imageSetId !== 'string')
    throw new Error(`${IMAGE_SET_CREATED} event ${event.id}: detail has no datastoreId and imageSetId`);
  const datastoreId = detail.datastoreId as DatastoreId;
  const imageSetId = detail.imageSetId as ImageSetId;
  const summary = await studySummaryFromMetadata(store, datastoreId, imageSetId);
  if (!summary) return undefined;
  await catalog.recordImageSet(summary);
  const { versionId } = await store.getImageSet({ datastoreId, imageSetId });
  if (!versionId) throw new Error(`image set ${imageSetId}: GetImageSet gave no versionId`);
  return {
    version: '0',
    id: event.id as EventId,
    'detail-type': 'ImageSetCreated',
    source: 'triage.healthimaging',
    account: event.account,
    time: /\.\d{3}Z$/.test(event.time) ? event.time : `${event.time.slice(0, -1)}.000Z`,
    region: event.region,
    resources: event.resources,
    detail: {
      datastoreId,
      imageSetId,
      imageSetVersionId: versionId,
      studyInstanceUid: summary.studyInstanceUid,
      primary: true,
      instances: summary.instances,
    },
  };
}
