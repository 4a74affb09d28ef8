import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '@triage/dicom';

/** What the file meta header of a received instance says: from the C-STORE command and its presentation context. */
export interface ReceivedInstanceMeta {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** The calling AE title, written as Source Application Entity Title. */
  sourceAeTitle: string;
}

/**
 * A Part 10 file around a data set exactly as it came over the network (in the accepted transfer
 * syntax, deflated where that syntax is): nothing is re-encoded, so pixel data stays bit-exact.
 */
export function part10FromDimse(dataset: Uint8Array, meta: ReceivedInstanceMeta): Uint8Array {
  const elements = [
    element(0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 'UI', uid(meta.sopClassUid)),
    element(0x0003, 'UI', uid(meta.sopInstanceUid)),
    element(0x0010, 'UI', uid(meta.transferSyntaxUid)),
    element(0x0012, 'UI', uid(IMPLEMENTATION_CLASS_UID)),
    element(0x0013, 'SH', text(IMPLEMENTATION_VERSION_NAME)),
    element(0x0016, 'AE', text(meta.sourceAeTitle)),
  ];
  const groupLength = elements.reduce((sum, e) => sum + e.length, 0);
  const lengthElement = element(0x0000, 'UL', Buffer.from(new Uint32Array([groupLength]).buffer));
  const preamble = Buffer.alloc(132);
  preamble.write('DICM', 128, 'latin1');
  return Buffer.concat([preamble, lengthElement, ...elements, dataset]);
}

/** One group 0002 element, Explicit VR Little Endian as PS3.10 7.1 requires. */
function element(elementNumber: number, vr: string, value: Buffer): Buffer {
  const longForm = vr === 'OB';
  const header = Buffer.alloc(longForm ? 12 : 8);
  header.writeUInt16LE(0x0002, 0);
  header.writeUInt16LE(elementNumber, 2);
  header.write(vr, 4, 'latin1');
  if (longForm) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** A UID value padded to even length with NUL. */
function uid(value: string): Buffer {
  const trimmed = value.replace(/[\0 ]+$/, '');
  return Buffer.from(trimmed.length % 2 ? `${trimmed}\0` : trimmed, 'latin1');
}

/** A text value padded to even length with a space. */
function text(value: string): Buffer {
  const trimmed = value.trim();
  return Buffer.from(trimmed.length % 2 ? `${trimmed} ` : trimmed, 'latin1');
}
