/** One component as declared in the SOF segment, with the block geometry libjpeg derives from it. */
export interface FrameComponent {
  /** Component identifier from the SOF (scans refer to components by it). */
  id: number;
  /** Position in the SOF, which is also the output channel order. */
  index: number;
  h: number;
  v: number;
  /** Quantization table selector. */
  tq: number;
  /** Blocks that carry image data (libjpeg's width_in_blocks / height_in_blocks). */
  widthInBlocks: number;
  heightInBlocks: number;
  /** Blocks in the plane once padded to whole MCUs (interleaved scans also code these dummy blocks). */
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Samples per row / rows of this component before upsampling (libjpeg's downsampled_width / height). */
  downsampledWidth: number;
  downsampledHeight: number;
}

/** The SOF segment plus derived MCU geometry. */
export interface FrameHeader {
  /** The SOF marker's second byte (0xC0 or 0xC1). */
  sof: number;
  precision: number;
  width: number;
  height: number;
  components: FrameComponent[];
  hMax: number;
  vMax: number;
  mcusPerLine: number;
  mcuRows: number;
}

/** One component of an SOS segment with its Huffman table selectors. */
export interface ScanComponent {
  component: FrameComponent;
  dcTable: number;
  acTable: number;
}

/** The SOS segment. */
export interface ScanHeader {
  components: ScanComponent[];
  ss: number;
  se: number;
  ah: number;
  al: number;
}

/** A Huffman table as transmitted: code counts per length 1..16 and the symbols in code order. */
export interface HuffmanSpec {
  counts: Uint8Array;
  symbols: Uint8Array;
}
