import { randomBytes } from 'node:crypto';

/** A multipart/related body of DICOM Part 10 files, as STOW-RS takes it (PS3.18 10.5). */
export interface MultipartBody {
  contentType: string;
  body: Buffer;
}

/** Wraps Part 10 files into one `multipart/related; type="application/dicom"` body. */
export function dicomMultipart(files: Uint8Array[]): MultipartBody {
  const boundary = `triage-bench-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const file of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(file.buffer, file.byteOffset, file.byteLength), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
