import { CodecError } from '../../errors/codec-error';
import type { FrameInfo } from '../../frame/frame-types';
import type { J2kHeader } from './read-j2k-header';

/** DICOM's item and delimiter tags as little-endian bytes: finding one in a codestream means DICOM framing was written over it. */
const DICOM_TAGS: [number[], string][] = [
  [[0xfe, 0xff, 0x00, 0xe0], 'Item tag (FFFE,E000)'],
  [[0xfe, 0xff, 0x0d, 0xe0], 'Item Delimitation Item tag (FFFE,E00D)'],
  [[0xfe, 0xff, 0xdd, 0xe0], 'Sequence Delimitation Item tag (FFFE,E0DD)'],
];

/** SIZ fields by offset from the marker (ISO 15444-1 A.5.1), to say which ones a stray tag overwrote. */
const SIZ_FIELDS: [number, number, string][] = [
  [4, 2, 'Rsiz'],
  [6, 4, 'Xsiz'],
  [10, 4, 'Ysiz'],
  [14, 4, 'XOsiz'],
  [18, 4, 'YOsiz'],
  [22, 4, 'XTsiz'],
  [26, 4, 'YTsiz'],
  [30, 4, 'XTOsiz'],
  [34, 4, 'YTOsiz'],
  [38, 2, 'Csiz'],
];

/**
 * Refuses, before OpenJPEG sees it, a codestream whose SIZ image size is not the DICOM header's:
 * OpenJPEG only says "failed to read the header", which sends people looking for a bug in the
 * fragment extraction. When DICOM delimiter bytes sit inside SIZ (the corpus has such a file) the
 * codestream was damaged when the file was written, and the reason says so.
 */
export function checkSiz(codec: string, bytes: Uint8Array, header: J2kHeader, info: FrameInfo): void {
  if (header.width === info.columns && header.height === info.rows) return;
  const size = `the codestream's SIZ marker segment says the image is ${header.width}×${header.height}, the DICOM header says ${info.columns}×${info.rows}`;
  // SIZ must follow SOC directly (A.5.1); its segment is 2 + Lsiz bytes.
  const siz = header.codestreamStart + 2;
  const sizEnd = Math.min(bytes.length, siz + 2 + ((bytes[siz + 2] << 8) | bytes[siz + 3]));
  for (let at = siz; at + 4 <= sizEnd; at++) {
    const hit = DICOM_TAGS.find(([tag]) => tag.every((b, k) => bytes[at + k] === b));
    if (!hit) continue;
    const from = at - siz;
    const fields = SIZ_FIELDS.filter(([offset, length]) => offset < from + 4 && offset + length > from).map(([, , name]) => name);
    throw new CodecError(
      codec,
      `${size}: bytes ${at}–${at + 3} of the frame (FE FF ${hex(bytes[at + 2])} ${hex(bytes[at + 3])}) are a DICOM ${hit[1]} written over the SIZ field(s) ${fields.join(', ')}; ` +
        'the codestream was corrupted when the file was written (the encapsulated fragment itself is intact), so no decoder can read it',
    );
  }
  throw new CodecError(codec, `${size}: the codestream is corrupt or belongs to another image`);
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
