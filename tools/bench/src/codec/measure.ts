import { DecodedFrame, decodeFrame } from '@triage/codec';
import type { CodecUnderTest } from './codecs-under-test';

/** One codec on one set of frames: median times normalised to a 512×512 frame, and the lossless ratio. */
export interface Measurement {
  encodeMs: number;
  decodeMs: number;
  ratio: number;
  exact: boolean;
}

/** Encodes and decodes every frame `runs` times; each run's time is per 512×512 pixels, the median is kept. */
export function measure(codec: CodecUnderTest, frames: DecodedFrame[], runs: number): Measurement {
  const pixels = frames.reduce((n, f) => n + f.rows * f.columns, 0);
  const per512 = (512 * 512) / pixels;
  const encodeTimes: number[] = [];
  const decodeTimes: number[] = [];
  let encoded: Uint8Array[] = [];
  for (let run = 0; run < runs; run++) {
    let start = performance.now();
    encoded = frames.map((f) => codec.encode(f));
    encodeTimes.push((performance.now() - start) * per512);
    start = performance.now();
    const decoded = encoded.map((bytes, i) =>
      decodeFrame(codec.transferSyntaxUid, bytes, { ...frames[i], highBit: frames[i].bitsStored - 1 }),
    );
    decodeTimes.push((performance.now() - start) * per512);
    if (run === 0 && decoded.some((d, i) => !Buffer.from(d.pixels).equals(Buffer.from(frames[i].pixels)))) {
      return { encodeMs: NaN, decodeMs: NaN, ratio: NaN, exact: false };
    }
  }
  const raw = frames.reduce((n, f) => n + f.pixels.length, 0);
  const compressed = encoded.reduce((n, e) => n + e.length, 0);
  return { encodeMs: median(encodeTimes), decodeMs: median(decodeTimes), ratio: raw / compressed, exact: true };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
