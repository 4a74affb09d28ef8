/**
 * Undoes a quirk of the OpenJPH wrapper: for several components without a colour transform it
 * pulls lines component by component (all of component 0, then 1, …) but stores the k-th line
 * pulled as if lines came interleaved (row k / C, component k % C). Line k is really component
 * k / H, row k % H: put every line back where it belongs.
 */
export function reorderPlanarLines(mixed: Uint8Array, width: number, height: number, components: number, size: number): Uint8Array {
  const out = new Uint8Array(mixed.length);
  const pixelBytes = components * size;
  for (let k = 0; k < height * components; k++) {
    const storedRow = Math.floor(k / components),
      storedComponent = k % components;
    const realComponent = Math.floor(k / height),
      realRow = k % height;
    for (let x = 0; x < width; x++) {
      const from = storedRow * width * pixelBytes + x * pixelBytes + storedComponent * size;
      const to = realRow * width * pixelBytes + x * pixelBytes + realComponent * size;
      for (let b = 0; b < size; b++) out[to + b] = mixed[from + b];
    }
  }
  return out;
}
