import { init as coreInit } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import { init as toolsInit } from '@cornerstonejs/tools';

let initialised = false;

/** Decode workers: one per core but one (the page's own thread draws), at least two, at most eight. */
export function decodeWorkerCount(cores = navigator.hardwareConcurrency || 2): number {
  return Math.min(8, Math.max(2, cores - 1));
}

/**
 * Starts Cornerstone3D once: rendering, the DICOM image loader with its decode workers (the codecs' .wasm files
 * lie beside this chunk, where the build copies them), and the tools.
 */
export function initCornerstone(): void {
  if (initialised) return;
  coreInit();
  dicomImageLoaderInit({ maxWebWorkers: decodeWorkerCount(), wasmBasePath: new URL('.', import.meta.url).href });
  toolsInit();
  initialised = true;
}
