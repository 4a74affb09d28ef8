import { seededRandom } from '@triage/test-support';
import type { DicomJsonDataset } from '@triage/dicom';
import { writePart10 } from '@triage/dicom';

/** What a synthetic test instance says about itself. */
export interface FixtureOptions {
  studyUid: string;
  seriesUid: string;
  sopUid: string;
  patientName?: string;
  patientId?: string;
  studyDate?: string;
  accession?: string;
  modality?: string;
  instanceNumber?: number;
  rows?: number;
  columns?: number;
  frames?: number;
  /** 3 for RGB 8-bit; else 16-bit signed grey. */
  samplesPerPixel?: 1 | 3;
  window?: { center: number; width: number };
}

/** A small synthetic Part 10 instance (Explicit VR Little Endian) with deterministic, varied pixels. */
export function fixtureInstance(o: FixtureOptions): Uint8Array {
  const rows = o.rows ?? 16;
  const columns = o.columns ?? 24;
  const frames = o.frames ?? 1;
  const rgb = o.samplesPerPixel === 3;
  const ds: DicomJsonDataset = {
    '00080016': { vr: 'UI', Value: [rgb ? '1.2.840.10008.5.1.4.1.1.7' : '1.2.840.10008.5.1.4.1.1.2'] },
    '00080018': { vr: 'UI', Value: [o.sopUid] },
    '00080020': { vr: 'DA', Value: [o.studyDate ?? '20240115'] },
    '00080050': { vr: 'SH', Value: [o.accession ?? 'ACC0001'] },
    '00080060': { vr: 'CS', Value: [o.modality ?? 'CT'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: o.patientName ?? 'DOE^JOHN' }] },
    '00100020': { vr: 'LO', Value: [o.patientId ?? 'PID0001'] },
    '0020000D': { vr: 'UI', Value: [o.studyUid] },
    '0020000E': { vr: 'UI', Value: [o.seriesUid] },
    '00200013': { vr: 'IS', Value: [o.instanceNumber ?? 1] },
    '00280002': { vr: 'US', Value: [rgb ? 3 : 1] },
    '00280004': { vr: 'CS', Value: [rgb ? 'RGB' : 'MONOCHROME2'] },
    '00280010': { vr: 'US', Value: [rows] },
    '00280011': { vr: 'US', Value: [columns] },
    '00280100': { vr: 'US', Value: [rgb ? 8 : 16] },
    '00280101': { vr: 'US', Value: [rgb ? 8 : 16] },
    '00280102': { vr: 'US', Value: [rgb ? 7 : 15] },
    '00280103': { vr: 'US', Value: [rgb ? 0 : 1] },
  };
  if (rgb) ds['00280006'] = { vr: 'US', Value: [0] };
  if (frames > 1) ds['00280008'] = { vr: 'IS', Value: [frames] };
  if (o.window) {
    ds['00281050'] = { vr: 'DS', Value: [o.window.center] };
    ds['00281051'] = { vr: 'DS', Value: [o.window.width] };
  }
  const samples = rows * columns * (rgb ? 3 : 1) * frames;
  const pixels = rgb ? new Uint8Array(samples) : new Uint8Array(samples * 2);
  const view = new DataView(pixels.buffer);
  const random = seededRandom([...o.sopUid].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  for (let i = 0; i < samples; i++) {
    const v = ((i * 37) % 2000) - 1000 + Math.floor(random() * 50);
    if (rgb) pixels[i] = v & 0xff;
    else view.setInt16(i * 2, v, true);
  }
  return writePart10(ds, { source: o.sopUid, pixelData: pixels });
}
