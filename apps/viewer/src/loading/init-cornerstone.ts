import { getRenderingCapabilities, init as coreInit, setUseCPURendering } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import { init as toolsInit } from '@cornerstonejs/tools';
import { drawsOnCpu, renderingChoiceOf } from './rendering-choice';

let initialised = false;

/** Decode workers: one per core but one (the page's own thread draws), at least two, at most eight. */
export function decodeWorkerCount(cores = navigator.hardwareConcurrency || 2): number {
  return Math.min(8, Math.max(2, cores - 1));
}

/**
 * Starts Cornerstone3D once: rendering (on the CPU where WebGL is software, see rendering-choice.ts), the DICOM image loader with its decode workers (the codecs' .wasm files
 * lie beside this chunk, where the build copies them), and the tools.
 */
export function initCornerstone(): void {
  if (initialised) return;
  // One viewport on screen: one WebGL context (the default pool makes 7, each a cost at start-up, more on SwiftShader).
  // init() deep-merges what it is given over its defaults, so a partial configuration is what it expects.
  coreInit({ rendering: { webGlContextCount: 1 } } as Parameters<typeof coreInit>[0]);
  if (drawsOnCpu(renderingChoiceOf(location.search), getRenderingCapabilities().softwareRasterizer === true)) setUseCPURendering(true);
  dicomImageLoaderInit({ maxWebWorkers: decodeWorkerCount(), wasmBasePath: new URL('.', import.meta.url).href });
  toolsInit();
  initialised = true;
}
