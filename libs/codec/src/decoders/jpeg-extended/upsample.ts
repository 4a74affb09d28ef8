/*
 * Chroma upsampling as libjpeg 6b's jdsample.c does it by default (do_fancy_upsampling): a
 * triangle filter for 2:1 horizontal (h2v1) and 2:1 both ways (h2v2) when the component is more
 * than 2 samples wide, plain replication for every other integral ratio. Edge samples are
 * repeated, which is what libjpeg's first/last-column special cases and its duplicated context
 * rows at the top and bottom of the image amount to.
 */
import { JpegError } from './jpeg-error';
import type { FrameComponent, FrameHeader } from './types';

/** A decoded component: its padded sample plane and that plane's row length. */
export interface ComponentPlane {
  samples: Uint16Array;
  stride: number;
}

/** Returns the component at full image size (width × height samples, row-major). */
export function upsampleComponent(frame: FrameHeader, comp: FrameComponent, plane: ComponentPlane): Uint16Array {
  const { width, height, hMax, vMax } = frame;
  if (hMax % comp.h !== 0 || vMax % comp.v !== 0) {
    // libjpeg refuses these too (JERR_FRACT_SAMPLE_NOTIMPL).
    throw new JpegError(
      `component ${comp.id} has sampling ${comp.h}×${comp.v} against ${hMax}×${vMax}: fractional upsampling is not supported`,
    );
  }
  const hExpand = hMax / comp.h;
  const vExpand = vMax / comp.v;
  const fancy = comp.downsampledWidth > 2;
  if (hExpand === 2 && vExpand === 1 && fancy) return h2v1Fancy(frame, comp, plane);
  if (hExpand === 2 && vExpand === 2 && fancy) return h2v2Fancy(frame, comp, plane);
  const out = new Uint16Array(width * height);
  const { samples, stride } = plane;
  for (let y = 0; y < height; y++) {
    const src = Math.floor(y / vExpand) * stride;
    const dst = y * width;
    if (hExpand === 1) {
      out.set(samples.subarray(src, src + width), dst);
    } else {
      for (let x = 0; x < width; x++) out[dst + x] = samples[src + Math.floor(x / hExpand)];
    }
  }
  return out;
}

function h2v1Fancy(frame: FrameHeader, comp: FrameComponent, plane: ComponentPlane): Uint16Array {
  const { width, height } = frame;
  const { samples, stride } = plane;
  const last = comp.downsampledWidth - 1;
  const out = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    const dst = y * width;
    for (let x = 0; x < width; x++) {
      const i = x >> 1;
      const cur = samples[row + i] * 3;
      // Even outputs lean left and round down, odd ones lean right and round up: libjpeg's
      // alternating bias that avoids drifting the image brighter.
      if ((x & 1) === 0) out[dst + x] = (cur + samples[row + (i > 0 ? i - 1 : 0)] + 1) >> 2;
      else out[dst + x] = (cur + samples[row + (i < last ? i + 1 : last)] + 2) >> 2;
    }
  }
  return out;
}

function h2v2Fancy(frame: FrameHeader, comp: FrameComponent, plane: ComponentPlane): Uint16Array {
  const { width, height } = frame;
  const { samples, stride } = plane;
  const lastCol = comp.downsampledWidth - 1;
  const lastRow = comp.downsampledHeight - 1;
  const out = new Uint16Array(width * height);
  const colSum = (near: number, far: number, i: number): number => samples[near + i] * 3 + samples[far + i];
  for (let y = 0; y < height; y++) {
    const j = y >> 1;
    const near = j * stride;
    // Output rows lean towards the input row above (even) or below (odd).
    const farRow = (y & 1) === 0 ? Math.max(j - 1, 0) : Math.min(j + 1, lastRow);
    const far = farRow * stride;
    const dst = y * width;
    for (let x = 0; x < width; x++) {
      const i = x >> 1;
      const cur = colSum(near, far, i);
      if ((x & 1) === 0) out[dst + x] = (cur * 3 + colSum(near, far, i > 0 ? i - 1 : 0) + 8) >> 4;
      else out[dst + x] = (cur * 3 + colSum(near, far, i < lastCol ? i + 1 : lastCol) + 7) >> 4;
    }
  }
  return out;
}
