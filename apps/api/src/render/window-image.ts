import type { Image8 } from '@triage/codec';

/** Samples as decoded: little-endian, interleaved, 1 byte each up to 8 bits, 2 up to 16, 4 for 32. */
export interface RawImage {
  width: number;
  height: number;
  components: number;
  bytesPerSample: number;
  signed: boolean;
  bitsStored: number;
  pixels: Uint8Array;
}

/** How stored values become displayed grey levels (modality LUT, then VOI window). */
export interface Presentation {
  rescaleSlope: number;
  rescaleIntercept: number;
  /** From WindowCenter/WindowWidth; when absent the image's own min..max is used. */
  window?: { center: number; width: number };
  /** MONOCHROME1: the lowest value is white. */
  invert: boolean;
}

/** Maps an image to 8 bits: grey images through the window, colour images by their top 8 bits. */
export function windowImage(image: RawImage, presentation: Presentation): Image8 {
  const count = image.width * image.height;
  const read = sampleReader(image);
  if (image.components >= 3) {
    const out = new Uint8Array(count * 3);
    const shift = Math.max(0, Math.min(image.bitsStored, image.bytesPerSample * 8) - 8);
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.max(0, Math.min(255, read(i * image.components + c) / 2 ** shift));
    }
    return { width: image.width, height: image.height, channels: 3, pixels: out };
  }
  const values = new Float64Array(count);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = read(i) * presentation.rescaleSlope + presentation.rescaleIntercept;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const window =
    presentation.window && presentation.window.width > 0 ? presentation.window : { center: (min + max) / 2, width: Math.max(1, max - min) };
  const low = window.center - window.width / 2;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const g = ((values[i] - low) * 255) / window.width;
    const clamped = g <= 0 ? 0 : g >= 255 ? 255 : Math.round(g);
    out[i] = presentation.invert ? 255 - clamped : clamped;
  }
  return { width: image.width, height: image.height, channels: 1, pixels: out };
}

/** Resizes to fit inside `maxWidth`×`maxHeight`, keeping the full image's aspect ratio (nearest neighbour). */
export function fitImage(image: Image8, maxWidth: number, maxHeight: number, fullWidth = image.width, fullHeight = image.height): Image8 {
  // Sized from the full-resolution image: a reduced-resolution decode rounds its sides up.
  const scale = Math.min(maxWidth / fullWidth, maxHeight / fullHeight);
  const width = Math.max(1, Math.round(fullWidth * scale));
  const height = Math.max(1, Math.round(fullHeight * scale));
  if (width === image.width && height === image.height) return image;
  const out = new Uint8Array(width * height * image.channels);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      for (let c = 0; c < image.channels; c++)
        out[(y * width + x) * image.channels + c] = image.pixels[(sy * image.width + sx) * image.channels + c];
    }
  }
  return { width, height, channels: image.channels, pixels: out };
}

function sampleReader(image: RawImage): (index: number) => number {
  const view = new DataView(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
  switch (image.bytesPerSample) {
    case 1:
      return image.signed ? (i) => view.getInt8(i) : (i) => view.getUint8(i);
    case 2:
      return image.signed ? (i) => view.getInt16(i * 2, true) : (i) => view.getUint16(i * 2, true);
    default:
      return image.signed ? (i) => view.getInt32(i * 4, true) : (i) => view.getUint32(i * 4, true);
  }
}
