import { MultipartError } from './multipart-error';

/** One body part of a multipart message. */
export interface MultipartPart {
  /** From 0, in the order of the message. */
  index: number;
  /** Header fields, names in lower case. */
  headers: Record<string, string>;
  /** The part's content; empty when the part was over the size limit. */
  body: Buffer;
  /** The content's length in bytes (also when it was dropped). */
  size: number;
  /** True when the part exceeded `maxPartBytes`: its content was discarded as it streamed past. */
  oversize: boolean;
}

/** Bounds on what {@link readMultipart} accepts. */
export interface MultipartLimits {
  /** Larger parts are reported `oversize` with their content dropped. */
  maxPartBytes: number;
  /** A larger body is refused (413). */
  maxBodyBytes: number;
  /** Header block per part (default 16 KiB). */
  maxHeaderBytes?: number;
  /** Parts per message (default 100,000). */
  maxParts?: number;
}

type State = 'preamble' | 'delimiter-line' | 'headers' | 'body' | 'epilogue';

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** No bound but the defaults on headers and part count: for bodies already in memory. */
const UNLIMITED: MultipartLimits = { maxPartBytes: Number.MAX_SAFE_INTEGER, maxBodyBytes: Number.MAX_SAFE_INTEGER };

/**
 * Reads a multipart body (RFC 2046) as it streams in and yields each part once it is complete.
 * Only the part being read is held in memory (bounded by `maxPartBytes`), plus less than one
 * delimiter of look-ahead; the source is pulled only while the consumer asks for the next part,
 * so a slow consumer (storing the previous part) holds the upload back instead of buffering it.
 * The source may be a Node stream, a web ReadableStream or any async iterable of chunks.
 */
export async function* readMultipart(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  boundary: string,
  limits: MultipartLimits,
): AsyncGenerator<MultipartPart> {
  const parser = multipartParser(boundary, limits);
  for await (const chunk of source) yield* parser.push(chunk);
  parser.end();
}

/** The parts of a multipart body already in memory, read by the same parser as {@link readMultipart}. */
export function splitMultipart(body: Uint8Array | string, boundary: string, limits: MultipartLimits = UNLIMITED): MultipartPart[] {
  const parser = multipartParser(boundary, limits);
  const parts = [...parser.push(body)];
  parser.end();
  return parts;
}

/** The push side of the parser: chunks in, complete parts out; `end` throws when the body stopped short. */
interface MultipartParser {
  push(chunk: Buffer | Uint8Array | string): Generator<MultipartPart>;
  end(): void;
}

function multipartParser(boundary: string, limits: MultipartLimits): MultipartParser {
  const maxHeaderBytes = limits.maxHeaderBytes ?? 16 * 1024;
  const maxParts = limits.maxParts ?? 100_000;
  // Every delimiter is CRLF "--" boundary; the first may start the body, hence the CRLF put in front.
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  const keep = delimiter.length - 1;
  let pending: Buffer = Buffer.from(CRLF);
  let state: State = 'preamble';
  let total = 0;
  let index = 0;
  let headers: Record<string, string> = {};
  let chunks: Buffer[] = [];
  let size = 0;
  let oversize = false;

  const addBody = (bytes: Buffer): void => {
    size += bytes.length;
    if (size > limits.maxPartBytes) {
      oversize = true;
      chunks = [];
    }
    // Copy: the slice would otherwise pin the whole network chunk it came from.
    if (!oversize && bytes.length) chunks.push(Buffer.from(bytes));
  };

  function* drain(): Generator<MultipartPart> {
    for (;;) {
      if (state === 'preamble') {
        const at = pending.indexOf(delimiter);
        if (at < 0) {
          if (pending.length > keep) pending = pending.subarray(pending.length - keep);
          return;
        }
        pending = pending.subarray(at + delimiter.length);
        state = 'delimiter-line';
      } else if (state === 'delimiter-line') {
        if (pending.length < 2) return;
        if (pending[0] === 0x2d && pending[1] === 0x2d) {
          state = 'epilogue';
          pending = Buffer.alloc(0);
          return;
        }
        const end = pending.indexOf(CRLF);
        if (end < 0) {
          if (pending.length > 1024) throw new MultipartError('a multipart boundary line does not end');
          return;
        }
        // Only transport padding (spaces, tabs) may follow a boundary on its line.
        if (!/^[ \t]*$/.test(pending.subarray(0, end).toString('latin1'))) {
          throw new MultipartError(
            `part ${index}: the boundary is followed by other text on its line (the boundary must not occur inside a part)`,
          );
        }
        pending = pending.subarray(end + 2);
        state = 'headers';
      } else if (state === 'headers') {
        if (pending.length < 2) return;
        let end: number;
        if (pending[0] === 0x0d && pending[1] === 0x0a) {
          end = -2; // no header fields
        } else {
          end = pending.indexOf(HEADER_END);
          if (end < 0) {
            if (pending.length > maxHeaderBytes)
              throw new MultipartError(`part ${index}: the header block is longer than ${maxHeaderBytes} bytes`);
            return;
          }
          if (end > maxHeaderBytes) throw new MultipartError(`part ${index}: the header block is longer than ${maxHeaderBytes} bytes`);
        }
        headers = parseHeaders(end < 0 ? '' : pending.subarray(0, end).toString('latin1'), index);
        pending = pending.subarray(end + 4);
        state = 'body';
      } else if (state === 'body') {
        const at = pending.indexOf(delimiter);
        if (at < 0) {
          if (pending.length > keep) {
            addBody(pending.subarray(0, pending.length - keep));
            pending = pending.subarray(pending.length - keep);
          }
          return;
        }
        addBody(pending.subarray(0, at));
        pending = pending.subarray(at + delimiter.length);
        if (index >= maxParts) throw new MultipartError(`more than ${maxParts} parts in one request`, 413);
        const body = oversize ? Buffer.alloc(0) : Buffer.concat(chunks, size);
        const part: MultipartPart = { index, headers, body, size, oversize };
        index++;
        chunks = [];
        size = 0;
        oversize = false;
        headers = {};
        state = 'delimiter-line';
        yield part;
      } else {
        pending = Buffer.alloc(0);
        return;
      }
    }
  }

  return {
    *push(chunk) {
      const bytes =
        typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      total += bytes.length;
      if (total > limits.maxBodyBytes) throw new MultipartError(`the request body is larger than ${limits.maxBodyBytes} bytes`, 413);
      pending = pending.length ? Buffer.concat([pending, bytes]) : bytes;
      yield* drain();
    },
    end() {
      if ((state as State) !== 'epilogue') {
        throw new MultipartError(
          state === 'preamble'
            ? 'the body has no multipart boundary: is the boundary parameter right?'
            : `the body ends inside part ${index}, before the closing boundary`,
        );
      }
    },
  };
}

function parseHeaders(block: string, index: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (block === '') return headers;
  // Unfold continuation lines (RFC 5322 2.2.3), then split name: value.
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 1) throw new MultipartError(`part ${index}: malformed header line "${line.slice(0, 80)}"`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
