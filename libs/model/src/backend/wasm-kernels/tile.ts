import { tf } from '../../tf';
import type { TensorInfo } from './wasm-kernel-calls';

/** The parts of the wasm backend a JavaScript kernel uses: outputs allocated on its heap, read and written in place. */
interface WasmHeap {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** wasm's own Tile, kept for the dtypes this one does not handle; set when ours replaces it. */
let native: tf.KernelConfig | undefined;

/**
 * Tile as block copies, innermost axis first: each axis's block is copied `reps` times (by doubling), so
 * batch norm's gradient, which tiles a [1, 1, 1, C] vector to [N, H, W, C] in every layer, costs a few
 * memcpys. wasm's own Tile walks every output element and took a fifth of a ResNet training step.
 */
function tile(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const reps = (args.attrs as unknown as { reps: number[] }).reps;
  if (native && x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') return native.kernelFunc(args) as TensorInfo;
  const heap = args.backend as unknown as WasmHeap;
  const outShape = x.shape.map((size, axis) => size * reps[axis]);
  const out = heap.makeOutput(outShape, x.dtype);
  // Views are taken after the allocation: growing the heap detaches earlier ones.
  let current = heap.typedArrayFromHeap(x).slice();
  const shape = [...x.shape];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    if (reps[axis] === 1) continue;
    const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const block = shape.slice(axis).reduce((a, b) => a * b, 1);
    const next = new (current.constructor as Float32ArrayConstructor)(current.length * reps[axis]);
    const repeated = block * reps[axis];
    for (let o = 0; o < outer; o++) {
      const start = o * repeated;
      next.set(current.subarray(o * block, (o + 1) * block), start);
      for (let filled = block; filled < repeated; filled *= 2)
        next.copyWithin(start + filled, start, start + Math.min(filled, repeated - filled));
    }
    current = next;
    shape[axis] *= reps[axis];
  }
  heap.typedArrayFromHeap(out).set(current);
  return out;
}

/** Tile for wasm, as block copies. */
export const wasmTileConfig: tf.KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: tile as unknown as tf.KernelFunc,
  setupFunc: (backend) => native?.setupFunc?.(backend),
};

/** Keeps wasm's own Tile as the fallback for other dtypes; called before ours replaces it. */
export function keepNativeTile(config: tf.KernelConfig | undefined): void {
  if (config && config.kernelFunc !== wasmTileConfig.kernelFunc) native = config;
}
