import { ycbcrToRgb } from './color';
import { NATURAL_ORDER } from './huffman';
import { idctIslow } from './idct';
import { JpegError } from './jpeg-error';
import { BlockSink, checkScanSize, decodeScan } from './scan';
import type { FrameHeader } from './types';
import { ComponentPlane, upsampleComponent } from './upsample';
import { scanTables, walkJpeg } from './walk';

/** Options for {@link decodeJpegExtended}. */
export interface JpegExtendedOptions {
  /**
   * 'none' (default) returns samples as coded (YCbCr for typical colour JPEGs, chroma upsampled);
   * 'ycbcr-to-rgb' applies libjpeg's conversion to 3-component images.
   */
  colorTransform?: 'none' | 'ycbcr-to-rgb';
}

/** A decoded DCT JPEG image. */
export interface JpegExtendedImage {
  width: number;
  height: number;
  components: number;
  /** Bits per sample: 8 or 12. */
  precision: number;
  /** Interleaved samples, row-major; Uint16Array when precision > 8. */
  pixels: Uint8Array | Uint16Array;
  /** The Adobe APP14 transform flag (0 RGB/CMYK, 1 YCbCr, 2 YCCK) when the stream has one. */
  adobeTransform?: number;
  /** Whether a JFIF APP0 marker is present (libjpeg then assumes YCbCr for 3 components). */
  jfif: boolean;
  /** Component identifiers in output order (libjpeg reads 'R','G','B' ids as an RGB hint). */
  componentIds: number[];
  /** Whether YCbCr → RGB was applied. */
  colorTransformed: boolean;
}

/** Decoded samples held at once (2 bytes each) before refusing: 2^29, i.e. 1 GiB of planes. */
const MAX_SAMPLES = 2 ** 29;

/** Decodes a baseline (SOF0) or extended (SOF1) sequential Huffman JPEG, 8 or 12 bits, bit-exact with libjpeg 6b's default decoder. */
export function decodeJpegExtended(bytes: Uint8Array, options: JpegExtendedOptions = {}): JpegExtendedImage {
  const transform = options.colorTransform ?? 'none';
  if (transform !== 'none' && transform !== 'ycbcr-to-rgb') throw new JpegError(`unknown colorTransform '${String(transform)}'`);
  const workspace = new Int32Array(64);
  let planes: ComponentPlane[] | undefined;
  const state = walkJpeg(bytes, (st, scan, dataStart) => {
    const frame = st.frame as FrameHeader;
    // Checked before allocating, so a tiny stream claiming a huge image fails cheaply.
    checkScanSize(bytes, dataStart, frame, scan);
    if (!planes) {
      const samples = frame.components.reduce((n, c) => n + c.blocksPerLine * c.blocksPerColumn * 64, 0);
      if (samples > MAX_SAMPLES)
        throw new JpegError(`image is ${frame.width}×${frame.height}×${frame.components.length}: too large to decode in memory`);
      planes = frame.components.map((c) => ({
        samples: new Uint16Array(c.blocksPerLine * 8 * c.blocksPerColumn * 8),
        stride: c.blocksPerLine * 8,
      }));
    }
    const componentPlanes = planes;
    const tables = scanTables(st, scan);
    // Quantization tables are latched when a component's scan starts, as libjpeg does.
    const quants = new Map<number, Int32Array>();
    for (const sc of scan.components) {
      const table = st.quant[sc.component.tq];
      if (!table) throw new JpegError(`component ${sc.component.id} uses quantization table ${sc.component.tq}, which no DQT defined`);
      const natural = new Int32Array(64);
      for (let k = 0; k < 64; k++) natural[NATURAL_ORDER[k]] = table[k];
      quants.set(sc.component.index, natural);
    }
    const sink: BlockSink = (comp, row, col, coefs) => {
      const plane = componentPlanes[comp.index];
      idctIslow(
        coefs,
        quants.get(comp.index) as Int32Array,
        frame.precision,
        workspace,
        plane.samples,
        row * 8 * plane.stride + col * 8,
        plane.stride,
      );
    };
    return decodeScan(bytes, dataStart, frame, scan, tables, st.restartInterval, sink);
  });
  const frame = state.frame as FrameHeader;
  const decoded = planes as ComponentPlane[];
  const { width, height, precision } = frame;
  const n = frame.components.length;
  const full = frame.components.map((c) => upsampleComponent(frame, c, decoded[c.index]));
  let pixels: Uint8Array | Uint16Array = precision > 8 ? new Uint16Array(width * height * n) : new Uint8Array(width * height * n);
  for (let ci = 0; ci < n; ci++) {
    const src = full[ci];
    for (let i = 0, o = ci; i < src.length; i++, o += n) pixels[o] = src[i];
  }
  const colorTransformed = transform === 'ycbcr-to-rgb' && n === 3;
  if (colorTransformed) pixels = ycbcrToRgb(pixels, precision);
  return {
    width,
    height,
    components: n,
    precision,
    pixels,
    ...(state.adobeTransform !== undefined ? { adobeTransform: state.adobeTransform } : {}),
    jfif: state.jfif,
    componentIds: frame.components.map((c) => c.id),
    colorTransformed,
  };
}
