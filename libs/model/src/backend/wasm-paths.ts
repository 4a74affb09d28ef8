import * as path from 'node:path';

/** The folder of tfjs-backend-wasm's .wasm binaries on disk (with a trailing slash, as setWasmPaths wants a prefix). */
export function wasmBinariesFolder(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep;
}
