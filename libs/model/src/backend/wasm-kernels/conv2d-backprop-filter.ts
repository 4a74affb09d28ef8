import { tf } from '../../tf';
import { conv2dGeometry, type Conv2dBackpropAttrs } from './conv2d-geometry';
import { WasmKernelCalls, type TensorInfo } from './wasm-kernel-calls';

/**
 * dW[kh, kw, ci, co] = sum over n, oh, ow of x[n, oh*s + kh - padTop, ow*s + kw - padLeft, ci] * dy[n, oh, ow, co]:
 * a conv2d of x with batch and channels swapped ([ci, H, W, n]) by dy as the filter ([oh, ow, n, co]),
 * dilated by the forward stride, giving [ci, kh, kw, co]. The pads are chosen so exactly kh x kw
 * positions come out (negative ones crop rows the forward conv never read).
 */
function conv2dBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as Conv2dBackpropAttrs & { filterShape: [number, number, number, number] };
  const g = conv2dGeometry(x.shape as [number, number, number, number], attrs.filterShape, attrs);
  const calls = new WasmKernelCalls(args.backend);
  const xT = calls.transpose(x, [3, 1, 2, 0]);
  const dyT = calls.transpose(dy, [1, 2, 0, 3]);
  const spanHeight = (g.outHeight - 1) * g.strideHeight;
  const spanWidth = (g.outWidth - 1) * g.strideWidth;
  const padBottom = g.filterHeight + spanHeight - g.inHeight - g.padTop;
  const padRight = g.filterWidth + spanWidth - g.inWidth - g.padLeft;
  const dwT = calls.conv2d(
    xT,
    dyT,
    [
      [g.padTop, padBottom],
      [g.padLeft, padRight],
    ],
    [g.strideHeight, g.strideWidth],
  );
  return calls.dispose(calls.transpose(dwT, [1, 2, 0, 3]));
}

/** Conv2DBackpropFilter for wasm, which ships without it. */
export const wasmConv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
