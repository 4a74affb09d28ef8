import * as fs from 'node:fs';
import * as path from 'node:path';
import { toDicomJson } from '../json/to-dicom-json';
import { readPart10 } from '../parse/read-part10';
import { corpusDir } from '../test-support/corpus';
import { buildImageSetMetadata, instanceAttributes } from './build-image-set-metadata';
import { summarizeFrame } from './frame-checksum';
import { denormalizeDataset, normalizeDataset } from './normalize';

const json = (name: string) => toDicomJson(readPart10(fs.readFileSync(path.join(corpusDir(), name))));

describe('HealthImaging metadata', () => {
  it('lifts patient, study and series attributes to their levels', () => {
    const ct = json('CT_small.dcm');
    const doc = buildImageSetMetadata('a'.repeat(32), 'b'.repeat(32), [
      {
        dataset: ct,
        storedTransferSyntaxUid: '1.2.840.10008.1.2.4.202',
        frames: [{ ID: 'c'.repeat(32), FrameSizeInBytes: 10, PixelDataChecksumFromBaseToFullResolution: [] }],
      },
    ]);
    expect(doc.Patient.DICOM['PatientName']).toBe('CompressedSamples^CT1');
    expect(doc.Study.DICOM['StudyInstanceUID']).toBe(ct['0020000D'].Value?.[0]);
    const seriesUid = String(ct['0020000E'].Value?.[0]);
    const sopUid = String(ct['00080018'].Value?.[0]);
    expect(doc.Study.Series[seriesUid].DICOM['Modality']).toBe('CT');
    const instance = doc.Study.Series[seriesUid].Instances[sopUid];
    expect(instance.DICOM['Rows']).toBe(128);
    expect(instance.DICOM['ImagePositionPatient']).toEqual(ct['00200032'].Value);
    expect(instance.DICOM['PatientName']).toBeUndefined();
    expect(instance.ImageFrames[0].ID).toBe('c'.repeat(32));
    const merged = instanceAttributes(doc, seriesUid, sopUid);
    if (!merged) throw new Error('instance not found');
    expect(denormalizeDataset(merged.attributes, merged.vrs)).toEqual(ct);
  });

  it('normalises and restores every corpus data set without loss', () => {
    for (const name of ['MR_small.dcm', 'rtplan.dcm', 'test-SR.dcm', 'waveform_ecg.dcm', 'priv_SQ.dcm']) {
      const original = toDicomJson(readPart10(fs.readFileSync(path.join(corpusDir(), name))), { bulkDataThreshold: Infinity });
      const { attributes, vrs } = normalizeDataset(original);
      expect([name, denormalizeDataset(attributes, vrs)]).toEqual([name, original]);
    }
  });

  it('summarises a frame: CRC-32, signed minimum and maximum', () => {
    const pixels = new Uint8Array(new Int16Array([-1000, 0, 3000, 5]).buffer);
    const summary = summarizeFrame({ pixels, rows: 2, columns: 2, bitsAllocated: 16, pixelRepresentation: 1 });
    expect(summary).toEqual({ checksum: { Width: 2, Height: 2, Checksum: expect.any(Number) }, min: -1000, max: 3000 });
    const other = summarizeFrame({
      pixels: new Uint8Array(new Int16Array([-1000, 0, 3000, 6]).buffer),
      rows: 2,
      columns: 2,
      bitsAllocated: 16,
      pixelRepresentation: 1,
    });
    expect(other.checksum.Checksum).not.toBe(summary.checksum.Checksum);
  });
});
