/** Planar samples (RR…GG…BB…) to interleaved (RGBRGB…), whole samples of `size` bytes. */
export function interleavePlanes(planar: Uint8Array, pixels: number, samples: number, size: number): Uint8Array {
  const out = new Uint8Array(pixels * samples * size);
  for (let s = 0; s < samples; s++) {
    const plane = s * pixels * size;
    for (let p = 0; p < pixels; p++) {
      const from = plane + p * size;
      const to = (p * samples + s) * size;
      for (let b = 0; b < size; b++) out[to + b] = planar[from + b];
    }
  }
  return out;
}
