import { HuffmanDecoder, buildHuffmanDecoder } from './huffman';
import { JpegError } from './jpeg-error';
import {
  Marker,
  findMarker,
  markerName,
  isJfif,
  parseAdobeTransform,
  parseFrameHeader,
  parseHuffmanTables,
  parseQuantizationTables,
  parseRestartInterval,
  parseScanHeader,
  readSegment,
} from './markers';
import type { ScanTables } from './scan';
import type { FrameHeader, HuffmanSpec, ScanHeader } from './types';

/** Stream state accumulated while walking the markers. */
export interface JpegStreamState {
  quant: (Uint16Array | undefined)[];
  dcSpecs: (HuffmanSpec | undefined)[];
  acSpecs: (HuffmanSpec | undefined)[];
  restartInterval: number;
  adobeTransform?: number;
  jfif: boolean;
  frame?: FrameHeader;
  decoded: boolean[];
}

/**
 * Walks the markers of a sequential Huffman JPEG and calls `onScan` for each SOS (with the offset
 * where its entropy-coded data starts; it returns where that data ends). Shared by the decoder and
 * the test transcoder. Returns the state after the last marker.
 */
export function walkJpeg(
  bytes: Uint8Array,
  onScan: (state: JpegStreamState, scan: ScanHeader, dataStart: number) => number,
): JpegStreamState {
  if (!(bytes instanceof Uint8Array)) throw new JpegError('input is not a Uint8Array');
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== Marker.SOI)
    throw new JpegError('input does not start with an SOI marker (0xFFD8)');
  const state: JpegStreamState = { quant: [], dcSpecs: [], acSpecs: [], restartInterval: 0, jfif: false, decoded: [] };
  let pos = 2;
  // Each iteration moves `pos` forward by at least the two marker bytes, so this ends.
  for (;;) {
    const found = findMarker(bytes, pos);
    if (!found) {
      // A stream that lost only its EOI still holds a whole image; anything less is truncated.
      if (state.frame && state.decoded.length > 0 && state.decoded.every(Boolean)) break;
      throw new JpegError(
        state.frame ? 'data ended before every component was decoded (truncated)' : 'data ended before a frame header (SOF)',
      );
    }
    const code = found.code;
    if (code === Marker.EOI) break;
    if (code === Marker.SOI) throw new JpegError(`second SOI marker at offset ${found.next - 2}`);
    if ((code >= Marker.RST0 && code <= Marker.RST7) || code === Marker.TEM) {
      pos = found.next; // Parameterless and meaningless outside a scan; libjpeg ignores them too.
      continue;
    }
    const { start, end } = readSegment(bytes, found.next, code);
    pos = end;
    if (code === Marker.SOF0 || code === Marker.SOF1) {
      if (state.frame) throw new JpegError('more than one SOF marker');
      state.frame = parseFrameHeader(bytes, start, end, code);
      state.decoded = state.frame.components.map(() => false);
    } else if (code === Marker.SOF2) {
      throw new JpegError('progressive JPEG (SOF2) is not supported');
    } else if (code === Marker.SOF3) {
      throw new JpegError('lossless JPEG (SOF3) is not a DCT process; use the lossless decoder');
    } else if (code === Marker.DAC || (code >= 0xc9 && code <= Marker.SOF15 && code !== 0xcc)) {
      throw new JpegError(`arithmetic-coded JPEG (${markerName(code)}) is not supported`);
    } else if (code >= 0xc5 && code <= 0xc7) {
      throw new JpegError(`hierarchical JPEG (${markerName(code)}) is not supported`);
    } else if (code === Marker.DHT) {
      parseHuffmanTables(bytes, start, end, state.dcSpecs, state.acSpecs);
    } else if (code === Marker.DQT) {
      parseQuantizationTables(bytes, start, end, state.quant);
    } else if (code === Marker.DRI) {
      state.restartInterval = parseRestartInterval(bytes, start, end);
    } else if (code === Marker.APP0) {
      if (isJfif(bytes, start, end)) state.jfif = true;
    } else if (code === Marker.APP14) {
      const transform = parseAdobeTransform(bytes, start, end);
      if (transform !== undefined) state.adobeTransform = transform;
    } else if (code === Marker.DNL) {
      throw new JpegError('DNL marker (height defined after the scan) is not supported');
    } else if (code === Marker.SOS) {
      if (!state.frame) throw new JpegError('SOS marker before any SOF marker');
      const scan = parseScanHeader(bytes, start, end, state.frame);
      for (const sc of scan.components) {
        if (state.decoded[sc.component.index])
          throw new JpegError(`component ${sc.component.id} appears in more than one scan (not a sequential JPEG)`);
      }
      pos = onScan(state, scan, end);
      for (const sc of scan.components) state.decoded[sc.component.index] = true;
    } else if ((code >= Marker.APP0 && code <= Marker.APP15) || code === Marker.COM) {
      // Other application data and comments carry nothing the pixels depend on.
    } else {
      throw new JpegError(`unexpected marker ${markerName(code)} at offset ${found.next - 2}`);
    }
  }
  if (!state.frame) throw new JpegError('no SOF0/SOF1 frame header before EOI');
  const missing = state.frame.components.filter((c) => !state.decoded[c.index]);
  if (missing.length > 0) throw new JpegError(`component(s) ${missing.map((c) => c.id).join(', ')} never appear in a scan`);
  return state;
}

/** Resolves the Huffman tables a scan selects, failing clearly when one was never defined. */
export function scanTables(state: JpegStreamState, scan: ScanHeader): ScanTables[] {
  const cache = new Map<HuffmanSpec, HuffmanDecoder>();
  const build = (spec: HuffmanSpec | undefined, kind: string, slot: number): HuffmanDecoder => {
    if (!spec) throw new JpegError(`scan uses ${kind} Huffman table ${slot}, which no DHT defined`);
    let decoder = cache.get(spec);
    if (!decoder) {
      if (kind === 'DC' && spec.symbols.some((s) => s > 15)) {
        // libjpeg rejects these when building the table (JERR_BAD_HUFF_TABLE).
        throw new JpegError(`DC Huffman table ${slot} holds a category above 15`);
      }
      decoder = buildHuffmanDecoder(spec, `${kind}${slot}`);
      cache.set(spec, decoder);
    }
    return decoder;
  };
  return scan.components.map((sc) => ({
    dc: build(state.dcSpecs[sc.dcTable], 'DC', sc.dcTable),
    ac: build(state.acSpecs[sc.acTable], 'AC', sc.acTable),
  }));
}
