import * as dicomParser from 'dicom-parser';
import { DicomError, formatTag } from '../errors/dicom-error';
import { dictionaryVr } from '../dictionary/dictionary';
import { TransferSyntaxUid, transferSyntaxTraits } from '../transfer-syntax/transfer-syntax';
import { detectRawTransferSyntax, metaHeaderEnd } from './detect-transfer-syntax';

/** A parsed DICOM file: the dicom-parser data set (meta header included) and how it was encoded. */
export interface DicomFile {
  /** Where the bytes came from, used in every error about this file. */
  readonly source: string;
  readonly transferSyntaxUid: TransferSyntaxUid;
  /** False for a bare data set without the Part 10 preamble and meta header. */
  readonly hasMetaHeader: boolean;
  readonly dataSet: dicomParser.DataSet;
  readonly byteArray: Uint8Array;
}

/** Options for {@link readPart10}. */
export interface ReadOptions {
  /** Names the input in errors (a path, an upload part). */
  source?: string;
  /** Stop before this tag (`x7fe00010` skips pixel data): for header-only reads. */
  untilTag?: string;
}

/**
 * Reads a DICOM Part 10 file (or a bare data set without a meta header) with dicom-parser.
 * Refuses with a {@link DicomError} naming the reason; never returns a half-read file.
 */
export function readPart10(bytes: Uint8Array, options: ReadOptions = {}): DicomFile {
  const source = options.source ?? 'input';
  if (bytes.length < 8) throw new DicomError(`not DICOM: only ${bytes.length} bytes`, source);
  const hasPreamble = bytes.length > 132 && ascii(bytes, 128, 4) === 'DICM';
  let transferSyntaxUid: string | undefined;
  let parseBytes = bytes;
  if (hasPreamble) {
    transferSyntaxUid = readMetaTransferSyntax(bytes, source);
    if (!transferSyntaxUid) {
      // A meta header without (0002,0010): read the data set after it as a bare one.
      const end = metaHeaderEnd(bytes);
      try {
        transferSyntaxUid = detectRawTransferSyntax(bytes.subarray(end), source);
      } catch (error) {
        const why = error instanceof DicomError ? error.reason : String(error);
        throw new DicomError(
          `the file meta information has no TransferSyntaxUID and the data set's encoding cannot be inferred (${why})`,
          source,
          '(0002,0010)',
        );
      }
      parseBytes = bytes.subarray(end);
    }
  } else {
    transferSyntaxUid = detectRawTransferSyntax(bytes, source);
  }
  const traits = transferSyntaxTraits(transferSyntaxUid);
  if (!traits) {
    throw new DicomError(`unsupported transfer syntax ${transferSyntaxUid}`, source, '(0002,0010)');
  }
  const dataSet = parse(parseBytes, source, {
    TransferSyntaxUID: parseBytes === bytes && hasPreamble ? undefined : transferSyntaxUid,
    untilTag: options.untilTag,
    vrCallback: (tag: string) => dictionaryVr(tag),
  });
  return { source, transferSyntaxUid, hasMetaHeader: hasPreamble, dataSet, byteArray: dataSet.byteArray as Uint8Array };
}

function parse(bytes: Uint8Array, source: string, options: dicomParser.ParseDicomOptions): dicomParser.DataSet {
  try {
    const dataSet = dicomParser.parseDicom(bytes, options);
    const truncated = dataSet.warnings.find((w) => /overrun|beyond|truncat|past end|eof/i.test(w));
    if (truncated) throw new DicomError(`truncated: ${truncated}`, source);
    // The data set's own bytes: a deflated one is inflated into a new array.
    checkElementsInside(dataSet, dataSet.byteArray.length, source);
    return dataSet;
  } catch (error) {
    if (error instanceof DicomError) throw error;
    const why = describe(error);
    const truncated = /buffer overrun|cannot be greater than|maxPosition|beyond the end|past the end/i.test(why);
    throw new DicomError(
      truncated ? `truncated or corrupt: an element runs past the end of the data (${why})` : `cannot parse: ${why}`,
      source,
      undefined,
      { cause: error },
    );
  }
}

/**
 * dicom-parser reads values lazily and throws a plain string ("attempt to read past end of buffer")
 * when one is read whose length runs past the data: refuse such a file here, naming the element,
 * so that no later read of a value can throw.
 */
function checkElementsInside(dataSet: dicomParser.DataSet, end: number, source: string): void {
  for (const [tag, element] of Object.entries(dataSet.elements)) {
    if (element.length !== UNDEFINED_LENGTH && element.dataOffset + element.length > end) {
      throw new DicomError(
        `truncated or corrupt: its value of ${element.length} bytes at offset ${element.dataOffset} runs past the end of the data (${end} bytes)`,
        source,
        formatTag(tag),
      );
    }
    for (const item of element.items ?? []) if (item.dataSet) checkElementsInside(item.dataSet, end, source);
  }
}

/** The length dicom-parser gives an element or item of undefined length before it finds the delimiter. */
const UNDEFINED_LENGTH = 0xffffffff;

function readMetaTransferSyntax(bytes: Uint8Array, source: string): string | undefined {
  try {
    const meta = dicomParser.readPart10Header(bytes);
    return meta.string('x00020010')?.replace(/\0/g, '').trim() || undefined;
  } catch (error) {
    throw new DicomError(`cannot read the file meta information: ${describe(error)}`, source, undefined, { cause: error });
  }
}

/** dicom-parser throws strings, Errors, or objects wrapping either. */
function describe(error: unknown): string {
  if (typeof error === 'string') return error.replace(/^dicomParser\.\w+: /, '');
  if (error instanceof Error) return error.message.replace(/^dicomParser\.\w+: /, '');
  if (error && typeof error === 'object' && 'exception' in error) return describe((error as { exception: unknown }).exception);
  return String(error);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
