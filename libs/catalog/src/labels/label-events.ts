import type { TriageEventEntry } from '@triage/events';
import type { LabelVersion } from '../catalog';
import type { VerificationOutcome } from './verification-of';

/** The events of a label version, the same from every catalog: LabelChanged, and ImageVerified for a clinician's. */
export function labelEvents(
  label: LabelVersion,
  previous: LabelVersion | undefined,
  outcome: VerificationOutcome | undefined,
  time: Date,
): TriageEventEntry[] {
  const detail = {
    datastoreId: label.key.datastoreId,
    imageSetId: label.key.imageSetId,
    studyInstanceUid: label.studyInstanceUid,
    ...(label.key.sopInstanceUid !== undefined ? { sopInstanceUid: label.key.sopInstanceUid } : {}),
    finding: label.finding,
    ...(previous ? { previousFinding: previous.finding } : {}),
    labelVersion: label.version,
    origin: label.origin,
  };
  const common = { source: 'triage.catalog' as const, resources: [label.key.datastoreId, label.key.imageSetId], time };
  const entries: TriageEventEntry[] = [{ ...common, 'detail-type': 'LabelChanged', detail }];
  if (outcome)
    entries.push({
      ...common,
      'detail-type': 'ImageVerified',
      detail: { ...detail, verification: outcome.verification, ...(outcome.modelVersion ? { modelVersion: outcome.modelVersion } : {}) },
    });
  return entries;
}
