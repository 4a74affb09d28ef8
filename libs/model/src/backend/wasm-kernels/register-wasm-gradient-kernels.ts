import { tf } from '../../tf';
import { wasmConv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { keepNativeConv2dBackpropInput, wasmConv2dBackpropInputConfig } from './conv2d-backprop-input';
import { keepNativeTile, wasmTileConfig } from './tile';

/** The kernels {@link registerWasmGradientKernels} puts on the wasm backend: missing ones, and ones it replaces as too slow. */
export const WASM_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [
  wasmConv2dBackpropFilterConfig,
  wasmConv2dBackpropInputConfig,
  wasmTileConfig,
];

/**
 * Registers the kernels wasm lacks, or runs slowly, for training a ResNet: the conv2d gradients on its
 * XNNPACK forward conv2d, and Tile (batch norm's gradient) as block copies. Idempotent; harmless
 * before or after the wasm backend initialises.
 */
export function registerWasmGradientKernels(): string[] {
  for (const config of WASM_GRADIENT_KERNELS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (config === wasmConv2dBackpropInputConfig) keepNativeConv2dBackpropInput(current);
    if (config === wasmTileConfig) keepNativeTile(current);
    // A native one is replaced (unregistered first: registerKernel warns on a duplicate).
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  return WASM_GRADIENT_KERNELS.map((config) => config.kernelName);
}
