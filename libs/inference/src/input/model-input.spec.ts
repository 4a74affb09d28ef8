import { getFrame, readPart10, toDicomJson, writePart10, type DicomJsonDataset } from '@triage/dicom';
import { chestPart10, type ChestSyntax } from '../test-support/chest-part10';
import { smallMetadata } from '../test-support/small-model';
import { displayPixels } from '../pixels/decode-radiograph';
import { modelInput, readDisplayImage, toModelInput } from './model-input';

// The same generated radiograph (256 x 256, 12 bits stored) in each lossless syntax: decoding is
// exact, so every syntax must give the very same input, value for value. That modelInput is what
// Preprocess writes for training is proved in apps/training (run-preprocess.spec.ts and
// model-input-matches-preprocess.spec.ts), where Preprocess is.
const SIZE = 256;
const native = chestPart10('model-input', 3, SIZE, 'native');
const metadata = smallMetadata();
const reference = modelInput(native, metadata);

function withAttributes(bytes: Uint8Array, changes: Record<string, DicomJsonDataset[string] | undefined>): Uint8Array {
  const file = readPart10(bytes);
  const dataset: DicomJsonDataset = { ...toDicomJson(file) };
  for (const [tag, value] of Object.entries(changes)) {
    if (value === undefined) delete dataset[tag];
    else dataset[tag] = value;
  }
  return writePart10(dataset, { pixelData: getFrame(file, 0).bytes });
}

describe('modelInput', () => {
  it.each<[ChestSyntax]>([['htj2k'], ['jpeg2000'], ['jpegls']])('gives the same input from %s as from native pixels', (syntax) => {
    const input = modelInput(chestPart10('model-input', 3, SIZE, syntax), metadata);
    expect(input.length).toBe(64 * 64);
    expect(Buffer.from(input.buffer).equals(Buffer.from(reference.buffer))).toBe(true);
  });

  it('is the area mean of the windowed image: values in [0,1], the file window used', () => {
    const image = readDisplayImage(native, metadata);
    const pixels = displayPixels(image);
    expect([image.rows, image.columns, image.window.source]).toEqual([SIZE, SIZE, 'file']);
    expect(reference.every((v) => v >= 0 && v <= 1)).toBe(true);
    // 256 -> 64 is 4 x 4 blocks: the first output pixel is the mean of the first block.
    let sum = 0;
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) sum += pixels[y * SIZE + x];
    expect(Math.abs(reference[0] - sum / 16)).toBeLessThan(1e-6);
  });

  it.each([
    ['window file, the file has one', { window: 'file' }, {}, 'file'],
    ['window file, the file has none', { window: 'file' }, { '00281050': undefined, '00281051': undefined }, 'auto'],
    ['window auto, the file has one', { window: 'auto' }, {}, 'auto'],
  ] as const)('chooses the window as the metadata says: %s', (_name, preprocessing, changes, source) => {
    const bytes = Object.keys(changes).length ? withAttributes(native, changes) : native;
    expect(readDisplayImage(bytes, { preprocessing: { ...metadata.preprocessing, ...preprocessing } }).window.source).toBe(source);
  });

  it('z-scores with the training mean and std, and repeats the grey into every channel', () => {
    const zscored = modelInput(
      native,
      smallMetadata({ preprocessing: { window: 'file', resize: 'area', normalise: 'zscore', mean: 0.5, std: 0.25 } }),
    );
    expect(Array.from(zscored.subarray(0, 64)).map((v, i) => Math.abs(v - (reference[i] - 0.5) / 0.25) < 1e-6)).toEqual(
      new Array(64).fill(true),
    );
    const rgb = modelInput(native, smallMetadata({ inputShape: [64, 64, 3] }));
    expect(rgb.length).toBe(64 * 64 * 3);
    expect(Array.from(rgb.subarray(0, 6))).toEqual([reference[0], reference[0], reference[0], reference[1], reference[1], reference[1]]);
  });

  it.each([
    ['a non-square input', { inputShape: [64, 32, 1] }, 'input shape 64x32x1 is not square: preprocess makes square inputs'],
    [
      'a resize preprocess never makes',
      { preprocessing: { window: 'file', resize: 'bilinear', normalise: 'unit' } },
      'resize bilinear is not what preprocess makes (area)',
    ],
    [
      'zscore without its statistics',
      { preprocessing: { window: 'file', resize: 'area', normalise: 'zscore' } },
      'zscore normalisation needs the training mean and a positive std (mean undefined, std undefined)',
    ],
  ] as const)('refuses %s', (_name, overrides, message) => {
    const image = { values: new Float32Array(16), rows: 4, columns: 4 };
    expect(() => toModelInput(image, smallMetadata(overrides as never))).toThrow(message);
  });

  it('names what is wrong with a file that is not DICOM', () => {
    expect(() => modelInput(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), metadata)).toThrow(/not DICOM/);
  });
});
