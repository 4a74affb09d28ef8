import { readPart10 } from '@triage/dicom';

/** The SOP Class and Instance UIDs a data set states about itself, where it states them. */
export interface DatasetIdentity {
  sopClassUid?: string;
  sopInstanceUid?: string;
}

/**
 * Reads (0008,0016) and (0008,0018) of a Part 10 file, pixel data skipped. A file that cannot be
 * read says nothing here (empty identity): the store then refuses it with its own reason.
 */
export function datasetIdentity(file: Uint8Array): DatasetIdentity {
  try {
    const { dataSet } = readPart10(file, { untilTag: 'x7fe00010' });
    const text = (tag: string): string | undefined => {
      const value = dataSet.string(tag);
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    };
    return { sopClassUid: text('x00080016'), sopInstanceUid: text('x00080018') };
  } catch {
    return {};
  }
}
