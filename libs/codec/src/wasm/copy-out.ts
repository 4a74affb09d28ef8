/**
 * Copies a view of WASM memory into a plain Uint8Array: the view dies with the next call into
 * the module, and some codecs hand out Uint8ClampedArray, which is not a Uint8Array.
 */
export function copyOut(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
}
