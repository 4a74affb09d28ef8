import type { EventId } from '../event-envelope';
import type { ImageSetCreatedDetail, ImageSetUpdatedDetail } from '../schemas/image-set-events';
import type { LabelChangedDetail } from '../schemas/label-events';
import type { TriageEventEntry } from '../schemas/detail-types';

/** A valid ImageSetCreated entry for image set `n` (its id pinned when given). */
export function imageSetCreated(n: number, id?: EventId): TriageEventEntry<'ImageSetCreated'> {
  const detail: ImageSetCreatedDetail = {
    datastoreId: 'ds0000000000000000000000000000',
    imageSetId: `is${String(n).padStart(30, '0')}`,
    imageSetVersionId: '1',
    studyInstanceUid: `1.2.826.0.1.3680043.10.543.${n}`,
    primary: true,
    instances: 1,
  };
  return { source: 'triage.healthimaging', 'detail-type': 'ImageSetCreated', detail, id };
}

/** A valid ImageSetUpdated entry for image set `n`. */
export function imageSetUpdated(n: number, id?: EventId): TriageEventEntry<'ImageSetUpdated'> {
  const detail: ImageSetUpdatedDetail = { ...imageSetCreated(n).detail, imageSetVersionId: '2', instances: 2, change: 'instances' };
  return { source: 'triage.healthimaging', 'detail-type': 'ImageSetUpdated', detail, id };
}

/** A valid LabelChanged entry for image set `n`. */
export function labelChanged(n: number, id?: EventId): TriageEventEntry<'LabelChanged'> {
  const base = imageSetCreated(n).detail;
  const detail: LabelChangedDetail = {
    datastoreId: base.datastoreId,
    imageSetId: base.imageSetId,
    studyInstanceUid: base.studyInstanceUid,
    finding: 'pneumonia',
    labelVersion: 1,
    origin: { kind: 'clinician', principal: 'dr-a', role: 'clinician' },
  };
  return { source: 'triage.catalog', 'detail-type': 'LabelChanged', detail, id };
}

/** Entries that must be refused, each with what the error must say. */
export const INVALID_ENTRIES: { name: string; entry: unknown; message: string }[] = [
  {
    name: 'negative instance count',
    entry: { ...imageSetCreated(1), detail: { ...imageSetCreated(1).detail, instances: -1 } },
    message: 'invalid ImageSetCreated event: /detail/instances: Expected integer to be greater or equal to 0',
  },
  {
    name: 'study UID with letters',
    entry: { ...imageSetCreated(1), detail: { ...imageSetCreated(1).detail, studyInstanceUid: '1.2.abc' } },
    message: "invalid ImageSetCreated event: /detail/studyInstanceUid: Expected string to match '^[0-9.]+$'",
  },
  {
    name: 'a field the schema does not know',
    entry: { ...imageSetCreated(1), detail: { ...imageSetCreated(1).detail, patientName: 'DOE^JANE' } },
    message: 'invalid ImageSetCreated event: /detail/patientName: Unexpected property',
  },
  {
    name: 'missing change',
    entry: { ...imageSetUpdated(1), detail: { ...imageSetCreated(1).detail } },
    message: 'invalid ImageSetUpdated event: /detail/change: Expected required property',
  },
  {
    name: 'unknown detail-type',
    entry: { ...imageSetCreated(1), 'detail-type': 'ImageSetExploded' },
    message:
      'invalid ImageSetExploded event: /detail-type: not a known detail-type (one of ImageSetCreated, ImageSetUpdated, ImageVerified, LabelChanged, ModelApproved, ModelPromoted, ModelDriftDetected, SageMaker Model Building Pipeline Execution Status Change, SageMaker Model Package State Change, Scheduled Event)',
  },
  {
    name: 'unknown source',
    entry: { ...imageSetCreated(1), source: 'someone.else' },
    message: 'invalid ImageSetCreated event: /source: Expected union value',
  },
];
