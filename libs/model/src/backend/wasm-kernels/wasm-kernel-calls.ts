import { tf } from '../../tf';

/** A tensor as a backend kernel sees it (data id, shape, dtype). */
export type TensorInfo = tf.TensorInfo;

/** [[top, bottom], [left, right]]: negative values crop instead of padding. */
export type SpatialPads = [[number, number], [number, number]];

/**
 * Calls wasm's own kernels from inside a kernel: the gradient kernels are compositions of them, run
 * without the engine (no tape, no tensors), so every intermediate is released here with disposeData.
 */
export class WasmKernelCalls {
  private readonly intermediates: TensorInfo[] = [];

  constructor(private readonly backend: tf.KernelBackend) {}

  /** Runs a registered wasm kernel; its output is released by {@link dispose} unless it is the result. */
  run(kernelName: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown> = {}): TensorInfo {
    const kernel = tf.getKernel(kernelName, 'wasm');
    if (!kernel) throw new Error(`the wasm gradient kernels need wasm's '${kernelName}' kernel, which is not registered`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs: attrs as tf.NamedAttrMap }) as TensorInfo;
    this.intermediates.push(out);
    return out;
  }

  /** [N, H, W, C] to [perm...]. */
  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Same data, new shape. */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Reverses the listed axes. */
  reverse(x: TensorInfo, dims: number[]): TensorInfo {
    return this.run('Reverse', { x }, { dims });
  }

  /** Crops the spatial axes (1 and 2 of NHWC) where a pad is negative; returns the pads left to apply (all >= 0). */
  cropNegativePads(x: TensorInfo, pads: SpatialPads): { x: TensorInfo; pads: SpatialPads } {
    const [[top, bottom], [left, right]] = pads;
    if (top >= 0 && bottom >= 0 && left >= 0 && right >= 0) return { x, pads };
    const [n, h, w, c] = x.shape;
    const cropTop = Math.max(0, -top);
    const cropLeft = Math.max(0, -left);
    const height = h - cropTop - Math.max(0, -bottom);
    const width = w - cropLeft - Math.max(0, -right);
    const cropped = this.run('Slice', { x }, { begin: [0, cropTop, cropLeft, 0], size: [n, height, width, c] });
    return {
      x: cropped,
      pads: [
        [Math.max(0, top), Math.max(0, bottom)],
        [Math.max(0, left), Math.max(0, right)],
      ],
    };
  }

  /**
   * Inserts stride-1 zeros between the rows and columns of [N, H, W, C] (the transposed convolution's
   * input): [N, H, 1, W, 1, C] padded to [N, H, sh, W, sw, C]. The result has sh-1 and sw-1 trailing
   * zero rows and columns beyond (H-1)*sh+1; the caller subtracts them from its bottom and right pads.
   */
  dilate(x: TensorInfo, strideHeight: number, strideWidth: number): TensorInfo {
    if (strideHeight === 1 && strideWidth === 1) return x;
    const [n, h, w, c] = x.shape;
    const expanded = this.reshape(x, [n, h, 1, w, 1, c]);
    const paddings = [
      [0, 0],
      [0, 0],
      [0, strideHeight - 1],
      [0, 0],
      [0, strideWidth - 1],
      [0, 0],
    ];
    const padded = this.run('PadV2', { x: expanded }, { paddings, constantValue: 0 });
    return this.reshape(padded, [n, h * strideHeight, w * strideWidth, c]);
  }

  /** wasm's forward conv2d (XNNPACK), NHWC, with explicit non-negative spatial pads. */
  conv2d(x: TensorInfo, filter: TensorInfo, pads: SpatialPads, dilations: [number, number] = [1, 1]): TensorInfo {
    const cropped = this.cropNegativePads(x, pads);
    return this.run(
      'Conv2D',
      { x: cropped.x, filter },
      {
        strides: [1, 1],
        pad: [[0, 0], cropped.pads[0], cropped.pads[1], [0, 0]],
        dataFormat: 'NHWC',
        dilations,
        dimRoundingMode: undefined,
      },
    );
  }

  /** Releases every intermediate but the result (a reshape shares its input's data and holds its own reference to it). */
  dispose(result: TensorInfo): TensorInfo {
    for (const info of this.intermediates) if (info !== result) this.backend.disposeData(info.dataId);
    this.intermediates.length = 0;
    return result;
  }
}
