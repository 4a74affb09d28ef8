import { generateChestRadiograph } from '@triage/sample-data';

/** Rows and columns of the inputs: the small net's input size. */
export const INPUT_SIZE = 64;

/**
 * Model inputs of synthetic chest radiographs, as preprocessing makes them: each image generated at
 * 64 x 64 and passed through its file's linear VOI window into [0, 1]. Deterministic per seed.
 */
export function chestInputs(seed: string, count: number): Float32Array[] {
  return Array.from({ length: count }, (_, index) => {
    const { frame } = generateChestRadiograph({ seed, index, size: INPUT_SIZE });
    const { center, width } = frame.window;
    const low = center - width / 2;
    return Float32Array.from(frame.pixels, (v) =>
      Math.min(1, Math.max(0, (v * frame.rescaleSlope + frame.rescaleIntercept - low) / width)),
    );
  });
}

/**
 * A stand-in for the model: a fixed function of the image (the mean brightness of the lung fields),
 * so scores move when intensities do and the tests need no net.
 */
export function stubScore(input: Float32Array): number {
  let sum = 0;
  let count = 0;
  for (let row = 16; row < 48; row++)
    for (let column = 8; column < 56; column++) {
      sum += input[row * INPUT_SIZE + column];
      count++;
    }
  return sum / count;
}
