import { randomInt } from 'node:crypto';
import { writePart10 } from '@triage/dicom';
import type { DicomJsonDataset } from '@triage/dicom';

/** A small generated instance with what a test checks it against. */
export interface SyntheticInstance {
  bytes: Uint8Array;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  /** The native pixels as written: 16-bit little endian. */
  pixels: Uint8Array;
}

/** Options of {@link syntheticInstances}. */
export interface SyntheticOptions {
  count: number;
  /** Instances are spread round-robin over this many studies (one series each). */
  studies?: number;
  rows?: number;
  columns?: number;
  /** Distinguishes runs; random by default so UIDs never collide across tests. */
  run?: number;
}

const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
// An arbitrary private-use style root; the run number and indexes keep every UID distinct and short.
const ROOT = '1.3.6.1.4.1.99999.7';

/**
 * Tiny synthetic Part 10 instances (default 64×64, 16 bits allocated, 12 stored, Secondary
 * Capture, explicit VR little endian), generated fast enough to send hundreds in a test.
 */
export function* syntheticInstances(options: SyntheticOptions): Generator<SyntheticInstance> {
  const studies = options.studies ?? 1;
  const rows = options.rows ?? 64;
  const columns = options.columns ?? 64;
  const run = options.run ?? randomInt(1, 2 ** 31);
  for (let i = 0; i < options.count; i++) {
    const s = i % studies;
    yield syntheticInstance({ run, study: s, index: i, rows, columns });
  }
}

/** One instance of study `study`, number `index`, of run `run`. */
export function syntheticInstance({
  run,
  study,
  index,
  rows = 64,
  columns = 64,
}: {
  run: number;
  study: number;
  index: number;
  rows?: number;
  columns?: number;
}): SyntheticInstance {
  const studyInstanceUid = `${ROOT}.${run}.${study + 1}`;
  const seriesInstanceUid = `${studyInstanceUid}.1`;
  const sopInstanceUid = `${seriesInstanceUid}.${index + 1}`;
  const pixels = new Uint8Array(rows * columns * 2);
  const view = new DataView(pixels.buffer);
  let x = (run ^ (index * 2654435761)) >>> 0 || 1;
  for (let p = 0; p < rows * columns; p++) {
    // xorshift: noise a codec cannot fake, plus a gradient for structure; 12 bits stored.
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    view.setUint16(p * 2, ((p % columns) * 16 + (x & 0xff)) & 0x0fff, true);
  }
  const dataset: DicomJsonDataset = {
    '00080016': { vr: 'UI', Value: [SECONDARY_CAPTURE] },
    '00080018': { vr: 'UI', Value: [sopInstanceUid] },
    '00080020': { vr: 'DA', Value: ['20260101'] },
    '00080060': { vr: 'CS', Value: ['OT'] },
    '00080064': { vr: 'CS', Value: ['WSD'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: `Synthetic^${run}^${study + 1}` }] },
    '00100020': { vr: 'LO', Value: [`SYN-${run}-${study + 1}`] },
    '0020000D': { vr: 'UI', Value: [studyInstanceUid] },
    '0020000E': { vr: 'UI', Value: [seriesInstanceUid] },
    '00200011': { vr: 'IS', Value: [1] },
    '00200013': { vr: 'IS', Value: [index + 1] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280010': { vr: 'US', Value: [rows] },
    '00280011': { vr: 'US', Value: [columns] },
    '00280100': { vr: 'US', Value: [16] },
    '00280101': { vr: 'US', Value: [12] },
    '00280102': { vr: 'US', Value: [11] },
    '00280103': { vr: 'US', Value: [0] },
  };
  const bytes = writePart10(dataset, { pixelData: pixels, source: sopInstanceUid });
  return { bytes, studyInstanceUid, seriesInstanceUid, sopInstanceUid, sopClassUid: SECONDARY_CAPTURE, pixels };
}
