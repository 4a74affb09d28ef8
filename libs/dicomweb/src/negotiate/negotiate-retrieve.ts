import { TransferSyntax } from '@triage/dicom';
import { parseAccept, type MediaRange } from './parse-accept';

/** What a WADO-RS response carries: pixels as stored (HTJ2K), or decoded to Explicit VR Little Endian. */
export type PixelForm = 'stored' | 'native';

/** The outcome of negotiating a multipart response. */
export interface Negotiated {
  form: PixelForm;
  /** The media type of each part. */
  partType: string;
  /** The transfer syntax the parts are in; for `stored` this is the stored one. */
  transferSyntaxUid: string;
}

const NATIVE = TransferSyntax.ExplicitVRLittleEndian;
const HTJ2K = TransferSyntax.HTJ2KLosslessRPCL;

/**
 * Negotiates instance retrieval (PS3.18 8.7.3): `multipart/related; type="application/dicom"` with
 * transfer-syntax 1.2.840.10008.1.2.1 (the default), an HTJ2K UID, or `*` (each instance as
 * stored; `transferSyntaxUid` is then `*`). Among equally preferred ranges, pixels as stored win:
 * no transcode. See {@link instanceForm} for the choice per instance.
 */
export function negotiateInstances(accept: string | undefined): Negotiated | undefined {
  return pick(parseAccept(accept), (range) => {
    if (!isMultipartRelated(range)) return [];
    const type = (range.params['type'] ?? 'application/dicom').toLowerCase();
    if (type !== 'application/dicom' && type !== '*/*' && type !== 'application/*') return [];
    const ts = range.params['transfer-syntax'];
    if (ts === undefined || ts === NATIVE) return [decodedNative('application/dicom')];
    if (ts === '*' || isHtj2k(ts)) return [stored('application/dicom', ts), decodedNative('application/dicom')];
    return [];
  });
}

/**
 * How one instance goes out under a negotiated form: as stored only when it is stored in the syntax
 * asked for, or when it is stored native (1- and 32-bit samples): its stored frames already are
 * the Explicit VR Little Endian pixel data, so there is nothing to decode.
 */
export function instanceForm(negotiated: Negotiated, storedTransferSyntaxUid: string): { form: PixelForm; transferSyntaxUid: string } {
  if (storedTransferSyntaxUid === NATIVE) return { form: 'stored', transferSyntaxUid: NATIVE };
  if (negotiated.form === 'stored' && (negotiated.transferSyntaxUid === '*' || negotiated.transferSyntaxUid === storedTransferSyntaxUid)) {
    return { form: 'stored', transferSyntaxUid: storedTransferSyntaxUid };
  }
  return { form: 'native', transferSyntaxUid: NATIVE };
}

/**
 * Negotiates frame retrieval (PS3.18 8.7.3.5): `type="image/jph"` (HTJ2K as stored, streamed
 * untouched) when the header allows it and the frames are stored as HTJ2K, else
 * `type="application/octet-stream"` with native little-endian pixels: decoded, or streamed
 * untouched when the frames are stored native (then only octet-stream can be offered).
 */
export function negotiateFrames(accept: string | undefined, storedTransferSyntaxUid: string): Negotiated | undefined {
  const storedIsHtj2k = isHtj2k(storedTransferSyntaxUid);
  const native =
    storedTransferSyntaxUid === NATIVE ? () => stored('application/octet-stream', NATIVE) : () => decodedNative('application/octet-stream');
  return pick(parseAccept(accept), (range) => {
    if (!isMultipartRelated(range)) return [];
    const type = (range.params['type'] ?? 'application/octet-stream').toLowerCase();
    const ts = range.params['transfer-syntax'];
    if (type === 'image/jph') {
      return storedIsHtj2k && (ts === undefined || ts === '*' || ts === HTJ2K) ? [stored('image/jph', HTJ2K)] : [];
    }
    if (type === 'application/octet-stream') return ts === undefined || ts === NATIVE || ts === '*' ? [native()] : [];
    if (type === '*/*' || type === 'image/*') {
      const out: Negotiated[] = [];
      if (storedIsHtj2k && (ts === '*' || ts === HTJ2K)) out.push(stored('image/jph', HTJ2K));
      if (type === '*/*' && (ts === undefined || ts === NATIVE || ts === '*')) out.push(native());
      return out;
    }
    return [];
  });
}

/** True for the native syntax the store keeps 1- and 32-bit frames in (the HTJ2K encoder cannot take them). */
export function isStoredNative(transferSyntaxUid: string): boolean {
  return transferSyntaxUid === NATIVE;
}

/** True for the HTJ2K transfer syntaxes (what the store keeps frames in). */
export function isHtj2k(transferSyntaxUid: string): boolean {
  return transferSyntaxUid === TransferSyntax.HTJ2KLossless || transferSyntaxUid === HTJ2K || transferSyntaxUid === TransferSyntax.HTJ2K;
}

function stored(partType: string, transferSyntaxUid: string): Negotiated {
  return { form: 'stored', partType, transferSyntaxUid };
}

function decodedNative(partType: string): Negotiated {
  return { form: 'native', partType, transferSyntaxUid: NATIVE };
}

function isMultipartRelated(range: MediaRange): boolean {
  return (
    (range.type === 'multipart' && (range.subtype === 'related' || range.subtype === '*')) || (range.type === '*' && range.subtype === '*')
  );
}

/** The best offer of the highest-q group of ranges that yields any; stored pixels first within it. */
function pick(ranges: readonly MediaRange[], offer: (range: MediaRange) => Negotiated[]): Negotiated | undefined {
  let i = 0;
  while (i < ranges.length) {
    const q = ranges[i].q;
    if (q <= 0) return undefined;
    const group: Negotiated[] = [];
    for (; i < ranges.length && ranges[i].q === q; i++) group.push(...offer(ranges[i]));
    if (group.length > 0) return group.find((n) => n.form === 'stored') ?? group[0];
  }
  return undefined;
}
