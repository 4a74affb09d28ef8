import type { DicomJsonDataset } from '@triage/dicom';
import { getFrames, readPart10, readPixelInfo, toDicomJson } from '@triage/dicom';

/** A generated file read back through @triage/dicom: its DICOM JSON and its first frame's samples. */
export interface ReadBack {
  json: DicomJsonDataset;
  samples: Uint16Array | Int16Array;
}

/** Parses `bytes` with readPart10 and decodes the native 16-bit frame. */
export function readBack(bytes: Uint8Array): ReadBack {
  const file = readPart10(bytes);
  const info = readPixelInfo(file);
  const frame = getFrames(file, info)[0].bytes;
  const copy = frame.slice();
  const samples =
    info.pixelRepresentation === 1 ? new Int16Array(copy.buffer, 0, copy.length / 2) : new Uint16Array(copy.buffer, 0, copy.length / 2);
  return { json: toDicomJson(file), samples };
}

/** First value of an attribute, or undefined. */
export function first(json: DicomJsonDataset, tag: string): unknown {
  const v = json[tag]?.Value?.[0];
  return v && typeof v === 'object' && 'Alphabetic' in v ? (v as { Alphabetic: string }).Alphabetic : v;
}

/** All values of an attribute. */
export function values(json: DicomJsonDataset, tag: string): unknown[] {
  return json[tag]?.Value ?? [];
}
