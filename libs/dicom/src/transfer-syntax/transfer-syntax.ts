/** A DICOM transfer syntax UID, e.g. `1.2.840.10008.1.2.4.202`. */
export type TransferSyntaxUid = string & { readonly __brand?: 'TransferSyntaxUid' };

/** The transfer syntaxes this platform names in code. */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  HTJ2KLossless: '1.2.840.10008.1.2.4.201',
  HTJ2KLosslessRPCL: '1.2.840.10008.1.2.4.202',
  HTJ2K: '1.2.840.10008.1.2.4.203',
  RLELossless: '1.2.840.10008.1.2.5',
} as const;

/** How the pixel data of a transfer syntax is stored and whether decoding it loses information. */
export interface TransferSyntaxTraits {
  readonly uid: TransferSyntaxUid;
  readonly name: string;
  /** Pixel data in fragments (compressed or RLE) rather than native. */
  readonly encapsulated: boolean;
  readonly lossy: boolean;
  readonly bigEndian: boolean;
  readonly explicitVr: boolean;
  readonly deflated: boolean;
}

const table: Record<string, Omit<TransferSyntaxTraits, 'uid'>> = {
  [TransferSyntax.ImplicitVRLittleEndian]: t('Implicit VR Little Endian', false, false, false, false),
  [TransferSyntax.ExplicitVRLittleEndian]: t('Explicit VR Little Endian', false, false, false, true),
  [TransferSyntax.DeflatedExplicitVRLittleEndian]: {
    ...t('Deflated Explicit VR Little Endian', false, false, false, true),
    deflated: true,
  },
  [TransferSyntax.ExplicitVRBigEndian]: t('Explicit VR Big Endian', false, false, true, true),
  [TransferSyntax.JPEGBaseline8Bit]: t('JPEG Baseline (Process 1)', true, true),
  [TransferSyntax.JPEGExtended12Bit]: t('JPEG Extended (Process 2 & 4)', true, true),
  [TransferSyntax.JPEGLossless]: t('JPEG Lossless, Non-Hierarchical (Process 14)', true, false),
  [TransferSyntax.JPEGLosslessSV1]: t('JPEG Lossless, First-Order Prediction (Process 14, SV1)', true, false),
  [TransferSyntax.JPEGLSLossless]: t('JPEG-LS Lossless', true, false),
  [TransferSyntax.JPEGLSNearLossless]: t('JPEG-LS Near-Lossless', true, true),
  [TransferSyntax.JPEG2000Lossless]: t('JPEG 2000 (Lossless Only)', true, false),
  [TransferSyntax.JPEG2000]: t('JPEG 2000', true, true),
  [TransferSyntax.HTJ2KLossless]: t('High-Throughput JPEG 2000 (Lossless Only)', true, false),
  [TransferSyntax.HTJ2KLosslessRPCL]: t('High-Throughput JPEG 2000 with RPCL Options (Lossless Only)', true, false),
  [TransferSyntax.HTJ2K]: t('High-Throughput JPEG 2000', true, true),
  [TransferSyntax.RLELossless]: t('RLE Lossless', true, false),
};

function t(name: string, encapsulated: boolean, lossy: boolean, bigEndian = false, explicitVr = true): Omit<TransferSyntaxTraits, 'uid'> {
  return { name, encapsulated, lossy, bigEndian, explicitVr, deflated: false };
}

/** The traits of a transfer syntax, or undefined when this platform does not know it. */
export function transferSyntaxTraits(uid: string): TransferSyntaxTraits | undefined {
  const traits = table[uid];
  return traits ? { uid, ...traits } : undefined;
}

/** Every transfer syntax this platform can read. */
export function knownTransferSyntaxes(): TransferSyntaxUid[] {
  return Object.keys(table);
}
