/// <reference path="./cornerstone-codecs.d.ts" />
import * as fs from 'node:fs';
import openjphFactory = require('@cornerstonejs/codec-openjph/wasmjs');
import openjpegFactory = require('@cornerstonejs/codec-openjpeg/wasmjs');
import charlsFactory = require('@cornerstonejs/codec-charls/wasmjs');
import libjpegTurboFactory = require('@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs');
import type {
  EmscriptenModuleArg,
  HTJ2KDecoderInstance,
  HTJ2KEncoderInstance,
  J2KDecoderInstance,
  J2KEncoderInstance,
  JPEGDecoderInstance,
  JpegLSDecoderInstance,
  JpegLSEncoderInstance,
  WasmGlobal,
} from './codec-api';

/** A codec's WASM module and what it printed during the current call (its only error channel). */
export interface LoadedModule<T> {
  readonly api: T;
  /** Lines the module printed since the last {@link takeLog}. */
  takeLog(): string[];
}

type Factory = (module?: object) => Promise<unknown>;

const wasm = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;

/**
 * Instantiates an emscripten module synchronously: the packaged factories are async, but
 * `instantiateWasm` lets us compile the bytes ourselves, so `decodeFrame` can stay sync and
 * needs no init call. The module's prints are kept (not written to the console) so that
 * failures can quote them.
 */
function loadSync<T>(factory: Factory, wasmSpecifier: string): LoadedModule<T> {
  const bytes = fs.readFileSync(require.resolve(wasmSpecifier));
  let log: string[] = [];
  const keep = (line: string): void => {
    // Bound the log: openjpeg prints a line per tile.
    if (log.length < 200) log.push(line);
  };
  const module: EmscriptenModuleArg & Record<string, unknown> = {
    print: keep,
    printErr: keep,
    instantiateWasm(imports, receive) {
      const instance = new wasm.Instance(new wasm.Module(bytes), imports);
      receive(instance);
      return instance.exports;
    },
  };
  void factory(module).catch(() => undefined);
  return {
    api: module as unknown as T,
    takeLog: () => {
      const lines = log;
      log = [];
      return lines;
    },
  };
}

function lazy<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

/** OpenJPH (HTJ2K encoder and decoder). */
export const openjph = lazy(() =>
  loadSync<{ HTJ2KEncoder: new () => HTJ2KEncoderInstance; HTJ2KDecoder: new () => HTJ2KDecoderInstance }>(
    openjphFactory,
    '@cornerstonejs/codec-openjph/wasm',
  ),
);

/** OpenJPEG (JPEG 2000 Part 1 encoder and decoder). */
export const openjpeg = lazy(() =>
  loadSync<{ J2KEncoder: new () => J2KEncoderInstance; J2KDecoder: new () => J2KDecoderInstance }>(
    openjpegFactory,
    '@cornerstonejs/codec-openjpeg/wasm',
  ),
);

/** CharLS (JPEG-LS encoder and decoder). */
export const charls = lazy(() =>
  loadSync<{ JpegLSEncoder: new () => JpegLSEncoderInstance; JpegLSDecoder: new () => JpegLSDecoderInstance }>(
    charlsFactory,
    '@cornerstonejs/codec-charls/wasm',
  ),
);

/** libjpeg-turbo, 8-bit build (JPEG baseline and 8-bit extended). */
export const libjpegTurbo = lazy(() =>
  loadSync<{ JPEGDecoder: new () => JPEGDecoderInstance }>(libjpegTurboFactory, '@cornerstonejs/codec-libjpeg-turbo-8bit/wasm'),
);
