import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeFrame, type DecodedFrame, type FrameInfo } from '@triage/codec';
import { getFrame, hashUid, readPart10, readPixelInfo, toDicomJson, writePart10, type DicomJsonDataset } from '@triage/dicom';
import { corpusDir } from '@triage/dicom/test-support';
import { generateChestStudies } from '@triage/sample-data';

/** One instance the contract seeds, with the identifiers it searches by. */
export interface SeedInstance {
  name: string;
  bytes: Uint8Array;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  patientId: string;
  accessionNumber: string;
  studyDate: string;
  studyTime: string;
  frames: number;
}

/** What the contract seeds: read-only studies, and one study each for updates and copies. */
export interface ContractInstances {
  /** Searched and read, never changed. */
  readOnly: SeedInstance[];
  /** Its image set is updated and reverted. */
  forUpdate: SeedInstance;
  /** Its image set is copied; the copy is deleted. */
  forCopy: SeedInstance;
  /** Same study as `forCopy`, another series: seeded later, copied into the existing copy. */
  copySibling: SeedInstance;
}

/** Real files of the shared corpus that every implementation must store losslessly: native, RLE, multi-frame RGB. */
export const CORPUS_FILES = ['CT_small.dcm', 'MR_small_RLE.dcm', 'SC_rgb_rle_2frame.dcm'];

/** The identifiers of one Part 10 file. */
export function describeInstance(name: string, bytes: Uint8Array): SeedInstance {
  const file = readPart10(bytes, { source: name, untilTag: 'x7fe00010' });
  const ds = file.dataSet;
  const text = (tag: string) => (ds.string(tag) ?? '').trim();
  return {
    name,
    bytes,
    studyInstanceUid: text('x0020000d'),
    seriesInstanceUid: text('x0020000e'),
    sopInstanceUid: text('x00080018'),
    patientId: text('x00100020'),
    accessionNumber: text('x00080050'),
    studyDate: text('x00080020'),
    studyTime: text('x00080030'),
    frames: Number(text('x00280008') || '1'),
  };
}

/** The same instance in a new series of the same study (new Series and SOP Instance UIDs). */
export function inNewSeries(instance: SeedInstance, tag: string): SeedInstance {
  const file = readPart10(instance.bytes, { source: instance.name });
  const dataset: DicomJsonDataset = toDicomJson(file);
  dataset['0020000E'] = { vr: 'UI', Value: [hashUid([`${instance.seriesInstanceUid}/${tag}`])] };
  dataset['00080018'] = { vr: 'UI', Value: [hashUid([`${instance.sopInstanceUid}/${tag}`])] };
  dataset['00200011'] = { vr: 'IS', Value: [99] };
  const pixelData = getFrame(file, 0).bytes;
  return describeInstance(`${instance.name}+${tag}`, writePart10(dataset, { pixelData, source: tag }));
}

/** Small synthetic chest radiographs (64×64) and a few real corpus files. */
export function contractInstances(): ContractInstances {
  const chest = [...generateChestStudies({ count: 6, seed: 'health-imaging-contract', size: 64 })].map((g) =>
    describeInstance(g.fileName, g.bytes),
  );
  const corpus = CORPUS_FILES.map((name) => describeInstance(name, new Uint8Array(fs.readFileSync(path.join(corpusDir(), name)))));
  return {
    readOnly: [...chest.slice(0, 4), ...corpus],
    forUpdate: chest[4],
    forCopy: chest[5],
    copySibling: inNewSeries(chest[5], 'sibling'),
  };
}

/** Every frame of an instance decoded from its original transfer syntax, with what decodes the stored HTJ2K frames. */
export function decodeOriginalFrames(instance: SeedInstance): { frames: DecodedFrame[]; htj2kInfo: FrameInfo } {
  const file = readPart10(instance.bytes, { source: instance.name });
  const info = readPixelInfo(file);
  const frames = Array.from({ length: info.numberOfFrames }, (_, i) =>
    decodeFrame(file.transferSyntaxUid, getFrame(file, i, info).bytes, info),
  );
  // Decoded frames are interleaved and say what their samples are; the stored HTJ2K frame encodes exactly those.
  const { numberOfFrames: _n, ...frameInfo } = info;
  return { frames, htj2kInfo: { ...frameInfo, planarConfiguration: 0, photometricInterpretation: frames[0].photometricInterpretation } };
}
