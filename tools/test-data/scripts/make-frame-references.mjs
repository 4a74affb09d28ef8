// Decodes every frame of every corpus and generated file with dcmtk/gdcm and writes what the codec
// tests compare against, so that the tests themselves need no Debian tool:
//   corpus/frame-references.json  per file: layout and SHA-256 of each decoded frame, or the tool's refusal
//   corpus/jpeg-references.json   per JPEG file: SHA-256 of dcmdjpeg's first frame with +cn, +ca and +cg
//   corpus/lossy-frames/NAME.gz   the reference frames of lossy files, for a max-abs-diff tolerance
// Usage: node tools/test-data/scripts/make-frame-references.mjs [--check]
// --check regenerates in memory and exits 1, listing the differences, when the committed files differ.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { referenceFrames, runTool, transferSyntaxOf } from './reference-decoder.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

/** Lossy transfer syntaxes: two correct decoders may differ by rounding, so their reference frames are kept. */
const LOSSY = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.203',
]);
const JPEG_DCT = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51']);

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const dcmFiles = (dir) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => ({ key: `${dir}/${f}`, file: path.join(root, dir, f) }));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'frame-references-'));
const expected = new Map(); // relative path -> Buffer
try {
  const files = [...dcmFiles('corpus'), ...dcmFiles('generated')];
  const frameReferences = {};
  const jpegReferences = {};
  for (const { key, file } of files) {
    const ref = referenceFrames(file, work);
    const entry = { transferSyntax: ref.transferSyntax };
    if (ref.refused) entry.refused = ref.refused;
    else if (ref.noPixelData) entry.noPixelData = true;
    else {
      entry.layout = ref.layout;
      entry.frames = ref.frames.map(sha256);
      if (LOSSY.has(ref.transferSyntax)) {
        entry.lossyFrames = `lossy-frames/${path.basename(file)}.gz`;
        // Fixed level and Node's gzip (no timestamp in the header): the same bytes on every run.
        expected.set(`corpus/${entry.lossyFrames}`, zlib.gzipSync(Buffer.concat(ref.frames), { level: 9 }));
      }
    }
    frameReferences[key] = entry;
    if (JPEG_DCT.has(ref.transferSyntax) && ref.layout) jpegReferences[key] = jpegColourReferences(file, ref.layout?.samplesPerPixel ?? 1);
  }
  expected.set('corpus/frame-references.json', Buffer.from(`${JSON.stringify(frameReferences, null, 2)}\n`));
  expected.set('corpus/jpeg-references.json', Buffer.from(`${JSON.stringify(jpegReferences, null, 2)}\n`));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

if (check) {
  const differences = [];
  for (const [rel, bytes] of expected) {
    const target = path.join(root, rel);
    if (!fs.existsSync(target)) differences.push(`${rel}: missing`);
    else if (
      rel.endsWith('.gz')
        ? !zlib.gunzipSync(fs.readFileSync(target)).equals(zlib.gunzipSync(bytes))
        : !fs.readFileSync(target).equals(bytes)
    )
      differences.push(`${rel}: differs${rel.endsWith('.json') ? `\n${jsonDiff(fs.readFileSync(target, 'utf8'), bytes.toString())}` : ''}`);
  }
  const lossyDir = path.join(root, 'corpus/lossy-frames');
  for (const f of fs.existsSync(lossyDir) ? fs.readdirSync(lossyDir) : []) {
    if (!expected.has(`corpus/lossy-frames/${f}`)) differences.push(`corpus/lossy-frames/${f}: not made by this script`);
  }
  if (differences.length) {
    console.error(
      `reference tables are out of date (run node tools/test-data/scripts/make-frame-references.mjs):\n${differences.join('\n')}`,
    );
    process.exit(1);
  }
  console.log(`reference tables match dcmtk/gdcm (${expected.size} files)`);
} else {
  fs.rmSync(path.join(root, 'corpus/lossy-frames'), { recursive: true, force: true });
  for (const [rel, bytes] of expected) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), bytes);
  }
  console.log(`wrote ${expected.size} files under ${root}/corpus`);
}

/** dcmdjpeg's first frame with each colour option: +cn keeps the samples, +ca forces YCbCr → RGB, +cg converts when libjpeg guesses YCbCr. */
function jpegColourReferences(file, samplesPerPixel) {
  const options = samplesPerPixel === 3 ? ['+cn', '+ca', '+cg'] : ['+cn'];
  const out = {};
  for (const option of options) {
    const dir = fs.mkdtempSync(path.join(work, 'jpeg-'));
    try {
      const output = path.join(dir, 'out.dcm');
      runTool('dcmdjpeg', [option, '+px', file, output]);
      const ref = referenceFrames(output, work);
      if (transferSyntaxOf(output) === '') throw new Error(`dcmdjpeg ${option} wrote no meta header for ${file}`);
      out[option.slice(1)] = sha256(ref.frames[0]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

/** The lines of two JSON texts that differ, by key path. */
function jsonDiff(a, b) {
  const flat = (value, prefix, into) => {
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flat(v, `${prefix}${prefix ? '.' : ''}${k}`, into);
    else into.set(prefix, JSON.stringify(value));
    return into;
  };
  const x = flat(JSON.parse(a), '', new Map());
  const y = flat(JSON.parse(b), '', new Map());
  const lines = [];
  for (const k of new Set([...x.keys(), ...y.keys()]))
    if (x.get(k) !== y.get(k)) lines.push(`  ${k}: committed ${x.get(k) ?? '(none)'}, reference ${y.get(k) ?? '(none)'}`);
  return lines.join('\n');
}
