/** Reverses the byte order of every `size`-byte word (big endian ↔ little endian); a copy, the input is left as it was. */
export function swapWords(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let b = 0; b < size; b++) out[i + b] = bytes[i + size - 1 - b];
  }
  return out;
}
