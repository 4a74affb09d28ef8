import { writePart10, type DicomJsonDataset } from '@triage/dicom';

/** What a synthetic test instance varies. */
export interface SyntheticOptions {
  study: string;
  series: string;
  sop: string;
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
}

/** A small 16-bit signed MONOCHROME2 Part 10 file (Explicit VR Little Endian). */
export function syntheticInstance(o: SyntheticOptions): Uint8Array {
  const rows = o.rows ?? 8;
  const columns = o.columns ?? 8;
  const frames = o.frames ?? 1;
  const s = (vr: string, value: string | number | undefined) => (value === undefined ? { vr } : { vr, Value: [value] });
  const dataset: DicomJsonDataset = {
    '00080016': s('UI', '1.2.840.10008.5.1.4.1.1.2'),
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
    '00280101': s('US', 16),
    '00280102': s('US', 15),
    '00280103': s('US', 1),
  };
  if (frames > 1) dataset['00280008'] = s('IS', frames);
  const pixels = new Int16Array(rows * columns * frames);
  let x = (o.seed ?? 1) * 7919;
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = (x % 4000) - 1000;
  }
  return writePart10(dataset, { pixelData: new Uint8Array(pixels.buffer) });
}
