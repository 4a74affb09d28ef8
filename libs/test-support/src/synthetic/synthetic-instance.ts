import { writePart10, type DicomJsonDataset } from '@triage/dicom';
import { seededRandom } from './seeded-random';

/** The CT Image Storage SOP class: the default of {@link syntheticInstance}. */
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
/** The Secondary Capture SOP class (needs a Conversion Type, which is then written). */
export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

/** What a synthetic test instance varies; everything but the three UIDs has a default. */
export interface SyntheticInstanceOptions {
  study: string;
  series: string;
  sop: string;
  sopClassUid?: string;
  patientName?: string;
  patientId?: string;
  studyDate?: string;
  studyTime?: string;
  accession?: string;
  modality?: string;
  seriesNumber?: number;
  instanceNumber?: number;
  /** Changes the pixels, so the same UIDs give different bytes. */
  seed?: number;
  rows?: number;
  columns?: number;
  frames?: number;
  /** Bits stored in 16 allocated; default 16. */
  bitsStored?: number;
  /** Pixel Representation 1; default true. */
  signed?: boolean;
}

/** A generated instance with what a test checks it against. */
export interface SyntheticInstance {
  /** The Part 10 file (Explicit VR Little Endian). */
  bytes: Uint8Array;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  /** The native pixels as written: 16-bit little endian, every frame. */
  pixels: Uint8Array;
}

/**
 * A small MONOCHROME2 Part 10 instance (default 8×8, one frame, 16 bits signed, CT) whose pixels
 * are a gradient plus seeded noise: structure a codec must keep and noise it cannot fake.
 */
export function syntheticInstance(o: SyntheticInstanceOptions): SyntheticInstance {
  const rows = o.rows ?? 8;
  const columns = o.columns ?? 8;
  const frames = o.frames ?? 1;
  const bitsStored = o.bitsStored ?? 16;
  const signed = o.signed ?? true;
  const sopClassUid = o.sopClassUid ?? CT_IMAGE_STORAGE;
  const s = (vr: string, value: string | number | undefined) => (value === undefined ? { vr } : { vr, Value: [value] });
  const dataset: DicomJsonDataset = {
    '00080016': s('UI', sopClassUid),
    '00080018': s('UI', o.sop),
    '00080020': s('DA', o.studyDate ?? '20240102'),
    '00080030': s('TM', o.studyTime ?? '101500'),
    '00080050': s('SH', o.accession ?? 'ACC1'),
    '00080060': s('CS', o.modality ?? 'CT'),
    '00080090': { vr: 'PN', Value: [{ Alphabetic: 'REFERRER^RON' }] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: o.patientName ?? 'DOE^JANE' }] },
    '00100020': s('LO', o.patientId ?? 'PID1'),
    '00100030': s('DA', '19700101'),
    '00100040': s('CS', 'F'),
    '0020000D': s('UI', o.study),
    '0020000E': s('UI', o.series),
    '00200010': s('SH', 'S1'),
    '00200011': s('IS', o.seriesNumber ?? 1),
    '00200013': s('IS', o.instanceNumber ?? 1),
    '00280002': s('US', 1),
    '00280004': s('CS', 'MONOCHROME2'),
    '00280010': s('US', rows),
    '00280011': s('US', columns),
    '00280100': s('US', 16),
    '00280101': s('US', bitsStored),
    '00280102': s('US', bitsStored - 1),
    '00280103': s('US', signed ? 1 : 0),
  };
  if (sopClassUid === SECONDARY_CAPTURE) dataset['00080064'] = s('CS', 'WSD');
  if (frames > 1) dataset['00280008'] = s('IS', frames);
  const pixels = syntheticPixels(rows * columns * frames, columns, bitsStored, signed, o.seed ?? 1);
  const bytes = writePart10(dataset, { pixelData: pixels, source: o.sop });
  return { bytes, studyInstanceUid: o.study, seriesInstanceUid: o.series, sopInstanceUid: o.sop, sopClassUid, pixels };
}

/** {@link syntheticInstance}'s Part 10 bytes alone. */
export function syntheticPart10(o: SyntheticInstanceOptions): Uint8Array {
  return syntheticInstance(o).bytes;
}

function syntheticPixels(count: number, columns: number, bitsStored: number, signed: boolean, seed: number): Uint8Array {
  const out = new Uint8Array(count * 2);
  const view = new DataView(out.buffer);
  const random = seededRandom(seed);
  const span = 2 ** bitsStored;
  for (let p = 0; p < count; p++) {
    const stored = ((p % columns) * 16 + Math.floor(random() * 256)) % span;
    const value = signed ? stored - span / 2 : stored;
    if (signed) view.setInt16(p * 2, value, true);
    else view.setUint16(p * 2, value, true);
  }
  return out;
}
