import type { DicomJsonDataset, NormalizedAttributes } from '@triage/dicom';
import { isValidUid } from '@triage/dicom';
import type { IngestRefusedError } from '../../dicom-store';
import type { PreparedInstance } from './prepared-instance';

type Level = 'study' | 'series' | 'instance';

/** The UIDs the index keys an instance by (image set, series and instance rows), the level they are stored at, and the field of the acknowledgement that names them. */
const IDENTIFYING_UIDS: [tag: string, keyword: string, level: Level, field: 'studyUid' | 'seriesUid' | 'sopUid' | 'sopClassUid'][] = [
  ['0020000D', 'StudyInstanceUID', 'study', 'studyUid'],
  ['0020000E', 'SeriesInstanceUID', 'series', 'seriesUid'],
  ['00080018', 'SOPInstanceUID', 'instance', 'sopUid'],
  ['00080016', 'SOPClassUID', 'instance', 'sopClassUid'],
];

/**
 * Refuses an instance whose identifying UIDs a read could not find it by: each must be sent as UI
 * with a single valid UID, and the value the index and QIDO-RS will record for it (the attribute as
 * stored at its level) must be the one the acknowledgement names. A UID sent as PN is served as
 * `{"Alphabetic":…}`, one sent as US as a number (a RetrieveURL of `studies/11825`), one sent as UV
 * is not a string at all: the instance is acknowledged under a name no query matches.
 */
export function checkIdentity(
  prepared: PreparedInstance,
  received: DicomJsonDataset,
  refuse: (reason: string) => IngestRefusedError,
): void {
  for (const [tag, keyword, level, field] of IDENTIFYING_UIDS) {
    const where = `${keyword} (${tag.slice(0, 4)},${tag.slice(4)})`;
    const sent = received[tag];
    // identifyInstance has already refused a missing one.
    if (!sent) continue;
    const shown = (sent.Value ?? [])
      .map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
      .join('\\')
      .slice(0, 80);
    if (sent.vr !== 'UI') throw refuse(`${where} is not a valid value: its VR is ${sent.vr}, the standard's is UI (${sent.vr} ${shown})`);
    const value = sent.Value?.[0];
    if (sent.Value?.length !== 1 || typeof value !== 'string' || !isValidUid(value)) {
      throw refuse(`${where} '${shown}' is not a valid UID (digits and dots, no leading zeros, at most 64 characters)`);
    }
    const indexed = levelOf(prepared, level)[keyword];
    if (indexed !== prepared[field]) {
      throw refuse(
        `${where} would be indexed as ${JSON.stringify(indexed) ?? 'nothing'}, not as the ${prepared[field]} the acknowledgement names`,
      );
    }
  }
}

function levelOf(prepared: PreparedInstance, level: Level): NormalizedAttributes {
  const { entry } = prepared;
  if (level === 'study') return entry.study;
  if (level === 'series') return entry.series;
  return entry.instance.DICOM;
}
