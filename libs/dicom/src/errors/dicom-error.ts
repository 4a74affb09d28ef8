/** Why a DICOM input was refused: the file, the attribute (when one is to blame) and what is wrong. */
export class DicomError extends Error {
  override readonly name = 'DicomError';

  constructor(
    /** What is wrong, in words a PACS administrator can act on. */
    readonly reason: string,
    /** The file or source (path, upload part, association) the input came from. */
    readonly source?: string,
    /** The attribute at fault, as `(gggg,eeee)`, when one is. */
    readonly tag?: string,
    options?: { cause?: unknown },
  ) {
    super(DicomError.format(reason, source, tag), options);
  }

  /** One line: `file: (0028,0010) Rows: missing`. */
  static format(reason: string, source?: string, tag?: string): string {
    return [source, tag].filter(Boolean).join(': ') + (source || tag ? ': ' : '') + reason;
  }
}

/** Formats a dicom-parser tag (`x7fe00010`) as `(7FE0,0010)`. */
export function formatTag(tag: string): string {
  const t = tag.replace(/^x/i, '').toUpperCase();
  return `(${t.slice(0, 4)},${t.slice(4, 8)})`;
}
