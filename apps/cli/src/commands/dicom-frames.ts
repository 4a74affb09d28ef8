import { writeFileAtomicSync } from '@triage/platform';
import * as path from 'node:path';
import { CodecError, decodeFrame } from '@triage/codec';
import type { DecodedFrame } from '@triage/codec';
import { DicomError, getFrame, hasPixelData, readPart10, readPixelInfo } from '@triage/dicom';
import type { Command } from 'commander';
import { CliError } from '../support/cli-error';
import { progressBar } from '../support/progress';
import { ensureOutputDir, readInputFile } from '../support/read-input';

/** What `frames.json` says about the `.raw` files beside it. */
export interface FramesManifest extends Omit<DecodedFrame, 'pixels' | 'planarConfiguration'> {
  source: string;
  transferSyntaxUid: string;
  frames: number;
  files: string[];
}

/** `triage dicom frames FILE --out DIR`: every frame decoded to native little-endian samples. */
export function registerDicomFrames(dicom: Command): void {
  dicom
    .command('frames')
    .description('decode every frame to frame-N.raw (native little-endian samples, interleaved) with frames.json')
    .argument('<file>', 'DICOM Part 10 file')
    .requiredOption('--out <dir>', 'output directory')
    .action((file: string, options: { out: string }) => {
      try {
        const manifest = writeFrames(file, options.out);
        process.stdout.write(`${manifest.frames} frame(s) of ${manifest.columns}×${manifest.rows} written to ${options.out}\n`);
      } catch (error) {
        if (error instanceof DicomError) throw new CliError(error.message);
        if (error instanceof CodecError) throw new CliError(`${file}: ${error.message}`);
        throw error;
      }
    });
}

/** Decodes every frame of a file into `dir`; one frame in memory at a time. */
export function writeFrames(file: string, dir: string): FramesManifest {
  const parsed = readPart10(readInputFile(file), { source: file });
  if (!hasPixelData(parsed)) throw new CliError(`${file}: has no pixel data`);
  const info = readPixelInfo(parsed);
  ensureOutputDir(dir);
  const files: string[] = [];
  const bar = progressBar('decoding', info.numberOfFrames);
  let last: ReturnType<typeof decodeFrame> | undefined;
  try {
    for (let i = 0; i < info.numberOfFrames; i++) {
      const frame = getFrame(parsed, i, info);
      last = decodeFrame(parsed.transferSyntaxUid, frame.bytes, info);
      const name = `frame-${i + 1}.raw`;
      writeFileAtomicSync(path.join(dir, name), last.pixels);
      files.push(name);
      bar.tick();
    }
  } finally {
    bar.stop();
  }
  const decoded = last ?? { ...info, pixels: new Uint8Array(0) };
  const manifest: FramesManifest = {
    source: path.basename(file),
    transferSyntaxUid: parsed.transferSyntaxUid,
    frames: files.length,
    rows: decoded.rows,
    columns: decoded.columns,
    samplesPerPixel: decoded.samplesPerPixel,
    bitsAllocated: decoded.bitsAllocated,
    bitsStored: decoded.bitsStored,
    pixelRepresentation: decoded.pixelRepresentation,
    photometricInterpretation: decoded.photometricInterpretation,
    files,
  };
  writeFileAtomicSync(path.join(dir, 'frames.json'), Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  return manifest;
}
