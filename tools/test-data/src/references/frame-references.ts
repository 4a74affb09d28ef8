import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { corpusDir } from '../corpus/corpus-dir';
import { generatedDir } from '../corpus/generated-dir';

/** The Image Pixel module of a reference decode, as the pixels are after decoding. */
export interface ReferenceLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
  numberOfFrames: number;
}

/** What dcmtk/gdcm made of one file (tools/test-data/scripts/make-frame-references.mjs writes these). */
export interface FrameReference {
  transferSyntax: string;
  /** The reference tool's error when it cannot decode the file. */
  refused?: string;
  noPixelData?: true;
  layout?: ReferenceLayout;
  /** SHA-256 of each frame: little endian, interleaved, 1-bit unpacked to a byte, as our decoders output it. */
  frames?: string[];
  /** For lossy transfer syntaxes: the gzipped reference frames, relative to the corpus folder. */
  lossyFrames?: string;
}

/** Where the reference tables are kept: beside the repository's copy of the corpus, whatever `$TRIAGE_CORPUS` says. */
const tablesDir = path.resolve(__dirname, '../../corpus');

/** Every reference decode, keyed `corpus/NAME.dcm` or `generated/NAME.dcm`. */
export function frameReferences(): Record<string, FrameReference> {
  return JSON.parse(fs.readFileSync(path.join(tablesDir, 'frame-references.json'), 'utf8')) as Record<string, FrameReference>;
}

/** dcmdjpeg's first frame of each JPEG (DCT) file: SHA-256 with +cn (no colour conversion) and, for colour, +ca and +cg. */
export function jpegReferences(): Record<string, { cn: string; ca?: string; cg?: string }> {
  return JSON.parse(fs.readFileSync(path.join(tablesDir, 'jpeg-references.json'), 'utf8')) as Record<
    string,
    { cn: string; ca?: string; cg?: string }
  >;
}

/** The file a reference key names. */
export function referenceFile(key: string): string {
  const [dir, name] = key.split('/');
  return path.join(dir === 'generated' ? generatedDir() : corpusDir(), name);
}

/** The reference frames of a lossy file, each `frameBytes` long. */
export function lossyReferenceFrames(reference: FrameReference, frameBytes: number): Uint8Array[] {
  if (!reference.lossyFrames) throw new Error('no lossy reference frames for this file');
  const all = zlib.gunzipSync(fs.readFileSync(path.join(tablesDir, reference.lossyFrames)));
  return Array.from({ length: all.length / frameBytes }, (_, i) => new Uint8Array(all.subarray(i * frameBytes, (i + 1) * frameBytes)));
}
