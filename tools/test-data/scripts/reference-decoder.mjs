// The Debian reference decoders (dcmtk, gdcm) and how to read back what they write, with no code of
// ours on the reference side: the committed tables must not inherit our decoders' bugs.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The Debian tool that writes an uncompressed copy of a file in a transfer syntax, with its arguments. */
export function referenceCommand(transferSyntaxUid, input, output) {
  switch (transferSyntaxUid) {
    case '1.2.840.10008.1.2.5':
      return ['dcmdrle', [input, output]];
    case '1.2.840.10008.1.2.4.50':
    case '1.2.840.10008.1.2.4.51':
    case '1.2.840.10008.1.2.4.57':
    case '1.2.840.10008.1.2.4.70':
      // +cg: convert YCbCr to RGB exactly when the JPEG library guesses the stream is YCbCr,
      // which is what our decoders do; +px: interleaved like our output.
      return ['dcmdjpeg', ['+cg', '+px', input, output]];
    case '1.2.840.10008.1.2.4.80':
    case '1.2.840.10008.1.2.4.81':
      return ['dcmdjpls', ['+px', input, output]];
    case '1.2.840.10008.1.2.4.90':
    case '1.2.840.10008.1.2.4.91':
    case '1.2.840.10008.1.2.4.201':
    case '1.2.840.10008.1.2.4.202':
    case '1.2.840.10008.1.2.4.203':
      // The free dcmtk has no JPEG 2000 decoder.
      return ['gdcmconv', ['--raw', input, output]];
    default:
      return ['dcmconv', ['+te', input, output]];
  }
}

/** Runs a reference tool; a missing tool is an error naming the apt packages, never a skip. */
export function runTool(tool, args) {
  try {
    return execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, maxBuffer: 64 << 20 }).toString();
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error(`${tool} is not installed: apt-get install dcmtk libgdcm-tools`);
    const detail = (error.stderr?.toString() || error.stdout?.toString() || error.message).trim();
    const failure = new Error(`${tool} failed: ${detail}`);
    failure.toolRefusal = true;
    throw failure;
  }
}

/** The transfer syntax named in a file's meta header ('' when it has none); read directly, as dcmdump gives up on broken files. */
export function transferSyntaxOf(file) {
  const bytes = fs.readFileSync(file).subarray(0, 4096);
  // (0002,0010) UI, explicit VR little endian as every meta header is written.
  const at = bytes.indexOf(Buffer.from([0x02, 0x00, 0x10, 0x00, 0x55, 0x49]));
  if (at < 0) return '';
  const length = bytes.readUInt16LE(at + 6);
  return bytes
    .subarray(at + 8, at + 8 + length)
    .toString('latin1')
    .replace(/[\0 ]+$/, '');
}

/** The top-level attributes of a file as dcmdump prints them, with its pixel data written as a little-endian .raw file. */
function dumpWithPixels(file, dir) {
  const out = runTool('dcmdump', ['-q', '+W', dir, file]);
  const values = {};
  for (const line of out.split('\n')) {
    // Nested items are indented: only the data set's own attributes start at column 0.
    const m = /^\(([0-9a-f]{4},[0-9a-f]{4})\) (\w\w) (.*?)\s+#/.exec(line);
    if (m && !(m[1] in values)) values[m[1]] = m[3].replace(/^\[|\]$/g, '').trim();
  }
  return values;
}

const int = (v) => (v === undefined || v === '' ? undefined : Number.parseInt(v, 10));

/**
 * Decodes every frame of `file` with the reference tool: its layout and its frames as our decoders
 * output them (little endian, interleaved, 1-bit unpacked to a byte, YBR_FULL_422 upsampled), or
 * `{ refused }` with the tool's message, or `{ noPixelData: true }`.
 */
export function referenceFrames(file, workDir) {
  const name = path.basename(file);
  const dir = fs.mkdtempSync(path.join(workDir, 'ref-'));
  try {
    const ts = transferSyntaxOf(file);
    const output = path.join(dir, 'reference.dcm');
    const [tool, args] = referenceCommand(ts, file, output);
    try {
      runTool(tool, args);
      if (!fs.existsSync(output)) throw Object.assign(new Error(`${tool} wrote no output`), { toolRefusal: true });
    } catch (error) {
      if (!error.toolRefusal) throw error;
      return { transferSyntax: ts, refused: stableMessage(error.message, [file, output, dir]) };
    }
    const v = dumpWithPixels(output, dir);
    const raw = path.join(dir, 'reference.dcm.0.raw');
    if (!v['7fe0,0010'] || !fs.existsSync(raw)) return { transferSyntax: ts, noPixelData: true };
    const layout = {
      rows: int(v['0028,0010']),
      columns: int(v['0028,0011']),
      samplesPerPixel: int(v['0028,0002']) ?? 1,
      bitsAllocated: int(v['0028,0100']),
      bitsStored: int(v['0028,0101']),
      pixelRepresentation: int(v['0028,0103']) ?? 0,
      photometricInterpretation: v['0028,0004'],
      numberOfFrames: int(v['0028,0008']) ?? 1,
    };
    const planar = int(v['0028,0006']) ?? 0;
    const bytes = new Uint8Array(fs.readFileSync(raw));
    const frames = splitFrames(bytes, layout).map((frame) => asDecoded(frame, layout, planar));
    // dcmtk byte-swaps big-endian OW pixel data in 16-bit units (the VR's word size) even for
    // 32-bit pixels, so its little-endian copy has the two halves of each sample exchanged
    // (rtdose_expb.dcm then decodes to exactly the samples of its little-endian twin rtdose.dcm).
    if (ts === '1.2.840.10008.1.2.2' && layout.bitsAllocated === 32) frames.forEach(swapWordHalves);
    if (layout.photometricInterpretation === 'YBR_FULL_422' && layout.samplesPerPixel === 3) layout.photometricInterpretation = 'YBR_FULL';
    return { transferSyntax: ts, name, layout, frames };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The tool's message without the temporary paths, so that it is the same on every run. */
function stableMessage(message, paths) {
  let text = message;
  for (const p of paths) text = text.split(p).join(path.basename(p));
  // The first error (E:/F:) line: warnings before it vary with the tool's version.
  const lines = text.split('\n').map((l) => l.replace(/^\w+ failed: /, '').trim());
  const error = lines.find((l) => /^[EF]: /.test(l)) ?? lines[0];
  return `${text.split(' ')[0]} ${error}`;
}

function frameBytes(layout) {
  const samples = layout.rows * layout.columns * layout.samplesPerPixel;
  if (layout.bitsAllocated === 1) return Math.ceil(samples / 8);
  if (layout.photometricInterpretation === 'YBR_FULL_422')
    return layout.rows * Math.ceil(layout.columns / 2) * 4 * (layout.bitsAllocated / 8);
  return samples * (layout.bitsAllocated / 8);
}

function splitFrames(bytes, layout) {
  const size = frameBytes(layout);
  const frames = [];
  if (layout.bitsAllocated === 1) {
    // 1-bit frames are packed back to back, not byte-aligned: unpack the whole run and cut it.
    const perFrame = layout.rows * layout.columns * layout.samplesPerPixel;
    for (let f = 0; f < layout.numberOfFrames; f++) {
      const out = new Uint8Array(perFrame);
      for (let i = 0; i < perFrame; i++) {
        const bit = f * perFrame + i;
        out[i] = (bytes[bit >> 3] >> (bit & 7)) & 1;
      }
      frames.push(out);
    }
    return frames;
  }
  for (let f = 0; f < layout.numberOfFrames; f++) frames.push(bytes.slice(f * size, (f + 1) * size));
  return frames;
}

/** Interleaves planar samples and upsamples YBR_FULL_422, as our decoders' output does. */
function asDecoded(frame, layout, planar) {
  if (layout.bitsAllocated === 1) return frame;
  const size = layout.bitsAllocated / 8;
  const pixels = layout.rows * layout.columns;
  if (layout.photometricInterpretation === 'YBR_FULL_422' && layout.samplesPerPixel === 3) {
    const out = new Uint8Array(pixels * 3 * size);
    const pairs = Math.ceil(layout.columns / 2);
    let src = 0;
    let dst = 0;
    for (let y = 0; y < layout.rows; y++) {
      for (let p = 0; p < pairs; p++) {
        const here = p * 2 + 1 < layout.columns ? 2 : 1;
        for (let k = 0; k < here; k++) {
          for (const from of [src + k * size, src + 2 * size, src + 3 * size]) for (let b = 0; b < size; b++) out[dst++] = frame[from + b];
        }
        src += 4 * size;
      }
    }
    return out;
  }
  if (planar !== 1 || layout.samplesPerPixel === 1) return frame;
  const out = new Uint8Array(frame.length);
  const spp = layout.samplesPerPixel;
  for (let s = 0; s < spp; s++) {
    for (let i = 0; i < pixels; i++) {
      for (let b = 0; b < size; b++) out[(i * spp + s) * size + b] = frame[(s * pixels + i) * size + b];
    }
  }
  return out;
}

function swapWordHalves(bytes) {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const a = bytes[i];
    const b = bytes[i + 1];
    bytes[i] = bytes[i + 2];
    bytes[i + 1] = bytes[i + 3];
    bytes[i + 2] = a;
    bytes[i + 3] = b;
  }
}
