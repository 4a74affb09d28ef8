import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DicomJsonAttribute, DicomJsonDataset } from '@triage/dicom';
import { writePart10 } from '@triage/dicom';
import { deriveUid } from '@triage/sample-data';

/** CT Image Storage. */
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const SIZE = 64;

/** One study of small instances on disk, one Part 10 file each, in the order the writer sends them. */
export interface GrowingStudy {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUids: string[];
  files: string[];
}

/** Instance `i` of the growing study: a 64×64 16-bit CT slice of the one series of the one study. */
export function growingInstance(seed: string, i: number): { sop: string; bytes: Uint8Array } {
  const t = (vr: string, value: string): DicomJsonAttribute => ({ vr, Value: [value] });
  const u = (value: number): DicomJsonAttribute => ({ vr: 'US', Value: [value] });
  const sop = deriveUid(seed, `growing/instance/${i}`);
  const dataset: DicomJsonDataset = {
    '00080016': t('UI', CT_IMAGE),
    '00080018': t('UI', sop),
    '00080020': t('DA', '20260101'),
    '00080030': t('TM', '080000'),
    '00080050': t('SH', 'GROWING1'),
    '00080060': t('CS', 'CT'),
    '00081030': t('LO', 'BENCH GROWING STUDY'),
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'GROWING^STUDY' }] },
    '00100020': t('LO', 'BENCHGROWING'),
    '0020000D': t('UI', deriveUid(seed, 'growing/study')),
    '0020000E': t('UI', deriveUid(seed, 'growing/series')),
    '00200011': { vr: 'IS', Value: ['1'] },
    '00200013': { vr: 'IS', Value: [String(i + 1)] },
    '00280002': u(1),
    '00280004': t('CS', 'MONOCHROME2'),
    '00280010': u(SIZE),
    '00280011': u(SIZE),
    '00280100': u(16),
    '00280101': u(12),
    '00280102': u(11),
    '00280103': u(0),
  };
  const pixels = new Uint16Array(SIZE * SIZE).map((_, p) => (p * 31 + i * 7) & 0xfff);
  return { sop, bytes: writePart10(dataset, { pixelData: new Uint8Array(pixels.buffer), source: `growing study instance ${i}` }) };
}

/**
 * The growing study's `count` instances, written once into `cacheDir` and read back on later runs (the manifest
 * is written last, so a run cut short writes them again).
 */
export function cachedGrowingStudy(cacheDir: string, seed: string, count: number, progress: (done: number) => void): GrowingStudy {
  const dir = path.join(cacheDir, `growing-${seed}-${count}`);
  const manifestPath = path.join(dir, 'manifest.json');
  const fileOf = (i: number): string => path.join(dir, `${String(i).padStart(6, '0')}.dcm`);
  if (!fs.existsSync(manifestPath)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const sops: string[] = [];
    for (let i = 0; i < count; i++) {
      const instance = growingInstance(seed, i);
      fs.writeFileSync(fileOf(i), instance.bytes);
      sops.push(instance.sop);
      progress(i + 1);
    }
    const manifest = { studyInstanceUid: deriveUid(seed, 'growing/study'), seriesInstanceUid: deriveUid(seed, 'growing/series'), sopInstanceUids: sops };
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Omit<GrowingStudy, 'files'>;
  return { ...manifest, files: manifest.sopInstanceUids.map((_, i) => fileOf(i)) };
}
