import { randomInt } from 'node:crypto';
import type { PixelInfo } from '@triage/dicom';
import { SECONDARY_CAPTURE, syntheticInstance, type SyntheticInstance } from './synthetic-instance';

// An arbitrary private-use style root; the run number and indexes keep every UID distinct and short.
const ROOT = '1.3.6.1.4.1.99999.7';

/** Where {@link numberedInstance} puts an instance: run, study and index name its UIDs. */
export interface InstanceNumber {
  run: number;
  study: number;
  index: number;
  rows?: number;
  columns?: number;
}

/** Options of {@link numberedInstances}. */
export interface NumberedInstancesOptions {
  count: number;
  /** Instances are spread round-robin over this many studies (one series each). */
  studies?: number;
  rows?: number;
  columns?: number;
  /** Distinguishes runs; random by default so UIDs never collide across tests. */
  run?: number;
}

/**
 * Instance `index` of study `study` of run `run`: a 64×64 Secondary Capture, 12 of 16 bits stored,
 * with the patient named after the run and study (the same numbers always give the same bytes).
 */
export function numberedInstance({ run, study, index, rows = 64, columns = 64 }: InstanceNumber): SyntheticInstance {
  const studyUid = `${ROOT}.${run}.${study + 1}`;
  return syntheticInstance({
    study: studyUid,
    series: `${studyUid}.1`,
    sop: `${studyUid}.1.${index + 1}`,
    sopClassUid: SECONDARY_CAPTURE,
    modality: 'OT',
    studyDate: '20260101',
    patientName: `Synthetic^${run}^${study + 1}`,
    patientId: `SYN-${run}-${study + 1}`,
    instanceNumber: index + 1,
    rows,
    columns,
    bitsStored: 12,
    signed: false,
    seed: (run ^ Math.imul(index + 1, 2654435761)) >>> 0,
  });
}

/** The Image Pixel module of a {@link numberedInstance} (what a decoder needs to read its frame back). */
export function numberedPixelModule(rows = 64, columns = 64): Omit<PixelInfo, 'numberOfFrames'> {
  return {
    rows,
    columns,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    bitsStored: 12,
    highBit: 11,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
  };
}

/** `count` numbered instances of one run, fast enough to send hundreds in a test. */
export function* numberedInstances(options: NumberedInstancesOptions): Generator<SyntheticInstance> {
  const studies = options.studies ?? 1;
  const run = options.run ?? randomInt(1, 2 ** 31);
  for (let i = 0; i < options.count; i++) {
    yield numberedInstance({ run, study: i % studies, index: i, rows: options.rows, columns: options.columns });
  }
}
