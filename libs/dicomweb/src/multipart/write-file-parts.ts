import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { closingDelimiter, newBoundary, PART_END, partHead } from './write-multipart';

/** One file to send as a part; its size is known up front so the body has a Content-Length. */
export interface FilePart {
  path: string;
  size: number;
}

/** A multipart/related request body that reads its files as it is sent, one at a time. */
export interface MultipartBody {
  contentType: string;
  contentLength: number;
  stream: Readable;
}

/**
 * A STOW-RS body, `multipart/related; type="application/dicom"`: each file a part, streamed from
 * disk so a batch never sits in memory. Fails the stream if a file changed size since it was listed.
 */
export function filePartsBody(files: FilePart[], boundary = newBoundary(), partType = 'application/dicom'): MultipartBody {
  const head = partHead(boundary, partType);
  const between = PART_END;
  const tail = closingDelimiter(boundary);
  const contentLength = files.reduce((sum, f) => sum + head.length + f.size + between.length, 0) + tail.length;
  async function* parts(): AsyncGenerator<Buffer> {
    for (const file of files) {
      yield head;
      let sent = 0;
      for await (const chunk of createReadStream(file.path)) {
        sent += (chunk as Buffer).length;
        if (sent > file.size) break;
        yield chunk as Buffer;
      }
      if (sent !== file.size) throw new Error(`${file.path}: changed while it was being sent (${sent} bytes, expected ${file.size})`);
      yield between;
    }
    yield tail;
  }
  return {
    contentType: `multipart/related; type="${partType}"; boundary=${boundary}`,
    contentLength,
    stream: Readable.from(parts(), { objectMode: false }),
  };
}
