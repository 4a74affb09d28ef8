import { randomBytes } from 'node:crypto';

/** A STOW-RS answer: status, media type and the parsed body. */
export interface StowAnswer {
  status: number;
  contentType: string | null;
  body: Record<string, { vr: string; Value?: unknown[] }> & Record<string, unknown>;
}

/** One part to send: DICOM bytes, or something else with its own media type. */
export type StowPart = Uint8Array | { bytes: Uint8Array; contentType?: string };

/** Builds a multipart/related body of application/dicom parts; returns it with its Content-Type. */
export function multipartBody(parts: StowPart[]): { body: Buffer; contentType: string } {
  const boundary = `triage-test-${randomBytes(8).toString('hex')}`;
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const { bytes, contentType = 'application/dicom' } = part instanceof Uint8Array ? { bytes: part } : part;
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Type: ${contentType}\r\n\r\n`), Buffer.from(bytes), Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(pieces), contentType: `multipart/related; type="application/dicom"; boundary=${boundary}` };
}

/** POSTs instances by STOW-RS to `${baseUrl}/dicomweb/studies[/study]`. */
export async function stow(baseUrl: string, token: string, parts: StowPart[], study?: string, signal?: AbortSignal): Promise<StowAnswer> {
  const { body, contentType } = multipartBody(parts);
  const response = await fetch(`${baseUrl}/dicomweb/studies${study ? `/${study}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, accept: 'application/dicom+json' },
    body,
    signal,
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : {} };
}
