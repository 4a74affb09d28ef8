import { tf } from '../../tf';
import { conv2dGeometry, type Conv2dBackpropAttrs } from './conv2d-geometry';
import { WasmKernelCalls, type TensorInfo } from './wasm-kernel-calls';

/**
 * Strided convs with fewer input channels than this go to wasm's own kernel: ours then runs an XNNPACK conv to
 * 1-3 output channels (poorly) over a stride^2 times larger zero-filled input. Measured (batch 8, A/B interleaved):
 * 7x7/2 1->32 at 128x128 native 62 ms, ours 216; 3x3/2 4->32 at 64x64 native 15, ours 12; 3x3/1 1->32 native 13, ours 10.
 */
const MIN_STRIDED_IN_CHANNELS = 4;

/** wasm's own Conv2DBackpropInput, kept for the shapes where it wins; set when ours replaces it. */
let native: tf.KernelConfig | undefined;

/**
 * dx = the transposed convolution of dy: dy with stride-1 zeros inserted between its rows and
 * columns, padded by filter-1-pad, convolved (stride 1) with the filter flipped in space and with
 * its in and out channels swapped. Replaces wasm's own Conv2DBackpropInput, a scalar loop many
 * times slower than its XNNPACK conv2d (see conv2d-backward.bench.ts).
 */
function conv2dBackpropInput(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as Conv2dBackpropAttrs & { inputShape: [number, number, number, number] };
  const g = conv2dGeometry(attrs.inputShape, filter.shape as [number, number, number, number], attrs);
  const strided = g.strideHeight > 1 || g.strideWidth > 1;
  if (native && strided && g.inChannels < MIN_STRIDED_IN_CHANNELS) return native.kernelFunc(args) as TensorInfo;
  const calls = new WasmKernelCalls(args.backend);
  const flipped = calls.transpose(calls.reverse(filter, [0, 1]), [0, 1, 3, 2]);
  const dilated = calls.dilate(dy, g.strideHeight, g.strideWidth);
  // dilate leaves stride-1 trailing zero rows and columns beyond (outHeight-1)*stride+1.
  const dilatedHeight = g.outHeight * g.strideHeight;
  const dilatedWidth = g.outWidth * g.strideWidth;
  const padTop = g.filterHeight - 1 - g.padTop;
  const padLeft = g.filterWidth - 1 - g.padLeft;
  const padBottom = g.inHeight + g.filterHeight - 1 - dilatedHeight - padTop;
  const padRight = g.inWidth + g.filterWidth - 1 - dilatedWidth - padLeft;
  return calls.dispose(
    calls.conv2d(dilated, flipped, [
      [padTop, padBottom],
      [padLeft, padRight],
    ]),
  );
}

/** Conv2DBackpropInput for wasm, built on its forward conv2d. */
export const wasmConv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as tf.KernelFunc,
  // The native kernel binds its C++ function in its setup, which wasm runs only for kernels registered when it starts.
  setupFunc: (backend) => native?.setupFunc?.(backend),
};

/** Keeps wasm's own kernel (if it has one) as the fallback for strided convs of few input channels; called before ours replaces it. */
export function keepNativeConv2dBackpropInput(config: tf.KernelConfig | undefined): void {
  if (config && config.kernelFunc !== wasmConv2dBackpropInputConfig.kernelFunc) native = config;
}
