import { BitReader, HuffmanDecoder, decodeBlock } from './huffman';
import { JpegError } from './jpeg-error';
import { Marker, findMarker, markerName } from './markers';
import type { FrameComponent, FrameHeader, ScanHeader } from './types';

/** Receives each decoded block (natural order, reused between calls) with its position in the component's block grid. */
export type BlockSink = (component: FrameComponent, blockRow: number, blockCol: number, coefs: Int16Array, mcu: number) => void;

/** Huffman decoders for one scan component. */
export interface ScanTables {
  dc: HuffmanDecoder;
  ac: HuffmanDecoder;
}

/** libjpeg's D_MAX_BLOCKS_IN_MCU: an interleaved MCU larger than this is a corrupt header. */
const MAX_BLOCKS_IN_MCU = 10;

/** Number of MCUs a scan codes: one per block for a single-component scan, else the interleaved MCU grid. */
export function scanMcuCount(frame: FrameHeader, scan: ScanHeader): number {
  if (scan.components.length === 1) {
    const c = scan.components[0].component;
    return c.widthInBlocks * c.heightInBlocks;
  }
  return frame.mcusPerLine * frame.mcuRows;
}

/**
 * Rejects a scan whose MCU is larger than libjpeg allows, or whose blocks cannot fit in the bytes
 * left: every block costs at least 2 bits (a DC code and an EOB), so absurd dimensions on a tiny
 * input fail here, before anything large is allocated or looped over.
 */
export function checkScanSize(bytes: Uint8Array, start: number, frame: FrameHeader, scan: ScanHeader): void {
  const comps = scan.components;
  const blocksPerMcu = comps.length === 1 ? 1 : comps.reduce((n, c) => n + c.component.h * c.component.v, 0);
  if (blocksPerMcu > MAX_BLOCKS_IN_MCU)
    throw new JpegError(`an MCU of this scan would hold ${blocksPerMcu} blocks; at most ${MAX_BLOCKS_IN_MCU} are allowed`);
  const blocks = scanMcuCount(frame, scan) * blocksPerMcu;
  if ((bytes.length - start) * 4 < blocks)
    throw new JpegError(`scan needs ${blocks} blocks but only ${bytes.length - start} bytes remain (truncated)`);
}

/**
 * Decodes the entropy-coded segment of one sequential Huffman scan starting at `start`, feeding
 * every block to `sink`. Handles restart markers; returns the offset to look for the next marker from.
 */
export function decodeScan(
  bytes: Uint8Array,
  start: number,
  frame: FrameHeader,
  scan: ScanHeader,
  tables: ScanTables[],
  restartInterval: number,
  sink: BlockSink,
): number {
  checkScanSize(bytes, start, frame, scan);
  const comps = scan.components;
  const interleaved = comps.length > 1;
  const mcuCount = scanMcuCount(frame, scan);
  const reader = new BitReader(bytes, start);
  const block = new Int16Array(64);
  const predictors = new Int32Array(comps.length);
  let nextRestart = 0;

  const decodeOne = (ci: number, row: number, col: number, mcu: number): void => {
    block.fill(0);
    predictors[ci] = decodeBlock(reader, tables[ci].dc, tables[ci].ac, block, predictors[ci]);
    sink(comps[ci].component, row, col, block, mcu);
  };

  for (let mcu = 0; mcu < mcuCount; mcu++) {
    if (restartInterval > 0 && mcu > 0 && mcu % restartInterval === 0) {
      nextRestart = processRestart(bytes, reader, nextRestart, mcu);
      predictors.fill(0);
    }
    if (!interleaved) {
      const c = comps[0].component;
      decodeOne(0, Math.floor(mcu / c.widthInBlocks), mcu % c.widthInBlocks, mcu);
      continue;
    }
    const mcuRow = Math.floor(mcu / frame.mcusPerLine);
    const mcuCol = mcu % frame.mcusPerLine;
    for (let ci = 0; ci < comps.length; ci++) {
      const { h, v } = comps[ci].component;
      for (let by = 0; by < v; by++) {
        for (let bx = 0; bx < h; bx++) decodeOne(ci, mcuRow * v + by, mcuCol * h + bx, mcu);
      }
    }
  }
  return reader.pos;
}

/**
 * Skips to the restart marker that must follow an interval, as libjpeg's read_restart_marker
 * does (stray bytes before it are tolerated), and insists it is the expected RSTn.
 */
function processRestart(bytes: Uint8Array, reader: BitReader, expected: number, mcu: number): number {
  const found = findMarker(bytes, reader.pos);
  if (!found) throw new JpegError(`data ended where restart marker RST${expected} was expected before MCU ${mcu} (truncated)`);
  if (found.code !== Marker.RST0 + expected) {
    throw new JpegError(
      `expected restart marker RST${expected} before MCU ${mcu} but found ${markerName(found.code)} at offset ${found.next - 2}`,
    );
  }
  reader.reset(found.next);
  return (expected + 1) & 7;
}
