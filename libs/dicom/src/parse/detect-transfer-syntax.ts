import { DicomError, formatTag } from '../errors/dicom-error';
import { keywordOf } from '../dictionary/dictionary';
import { TransferSyntax } from '../transfer-syntax/transfer-syntax';

const VRS = new Set('AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '));

/**
 * Guesses the transfer syntax of a data set that carries no meta header, from its first
 * element: the byte order of the group number and whether a VR follows the tag.
 */
export function detectRawTransferSyntax(bytes: Uint8Array, source: string): string {
  if (bytes.length < 8) throw new DicomError('not DICOM: too short for a data set', source);
  const groupLe = bytes[0] | (bytes[1] << 8);
  const groupBe = (bytes[0] << 8) | bytes[1];
  const bigEndian = groupBe < groupLe;
  const group = bigEndian ? groupBe : groupLe;
  if (group === 0 || group > 0x7fe0 || group % 2 === 1) {
    throw new DicomError('not DICOM: no preamble, and the first bytes are not a DICOM element', source);
  }
  const element = bigEndian ? (bytes[2] << 8) | bytes[3] : bytes[2] | (bytes[3] << 8);
  const tag = ((group << 16) | element) >>> 0;
  if (element !== 0 && group % 2 === 0 && !keywordOf(tag.toString(16).padStart(8, '0'))) {
    throw new DicomError(
      `not DICOM: no preamble, and the first bytes do not start a data set (unknown first tag ${formatTag(tag.toString(16).padStart(8, '0'))})`,
      source,
    );
  }
  const vr = String.fromCharCode(bytes[4], bytes[5]);
  const explicit = VRS.has(vr);
  if (bigEndian && !explicit) throw new DicomError('not DICOM: implicit VR big endian does not exist', source);
  if (bigEndian) return TransferSyntax.ExplicitVRBigEndian;
  return explicit ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
}

/** Offset of the first byte after the (explicit VR little endian) file meta group. */
export function metaHeaderEnd(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 132;
  while (offset + 8 <= bytes.length && view.getUint16(offset, true) === 0x0002) {
    const vr = String.fromCharCode(bytes[offset + 4], bytes[offset + 5]);
    if (['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV', 'SV', 'UV'].includes(vr)) {
      offset += 12 + view.getUint32(offset + 8, true);
    } else {
      offset += 8 + view.getUint16(offset + 6, true);
    }
  }
  return offset;
}
