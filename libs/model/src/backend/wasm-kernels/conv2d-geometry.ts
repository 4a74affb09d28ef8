import { tf } from '../../tf';

/** What the gradient kernels need of a forward conv2d: sizes, strides and the pads actually applied. */
export interface Conv2dGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  filterHeight: number;
  filterWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/** The conv2d attributes the backprop kernels receive. */
export interface Conv2dBackpropAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The forward conv's geometry from its input and filter shapes, as tfjs computes it (so 'same' pads match exactly). */
export function conv2dGeometry(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: Conv2dBackpropAttrs,
): Conv2dGeometry {
  if (attrs.dataFormat === 'NCHW') throw new Error('the wasm conv2d gradient kernels support NHWC only (wasm has no NCHW conv2d)');
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    outChannels: info.outChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}
