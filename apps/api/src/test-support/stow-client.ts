import { multipartRelated, type RelatedPart } from '@triage/dicom';

/** A STOW-RS answer: status, media type and the parsed body. */
export interface StowAnswer {
  status: number;
  contentType: string | null;
  body: Record<string, { vr: string; Value?: unknown[] }> & Record<string, unknown>;
}

/** One part to send: DICOM bytes, or something else with its own media type. */
export type StowPart = Uint8Array | RelatedPart;

/** POSTs instances by STOW-RS to `${baseUrl}/dicomweb/studies[/study]`. */
export async function stow(baseUrl: string, token: string, parts: StowPart[], study?: string, signal?: AbortSignal): Promise<StowAnswer> {
  const { body, contentType } = multipartRelated(parts);
  const response = await fetch(`${baseUrl}/dicomweb/studies${study ? `/${study}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, accept: 'application/dicom+json' },
    body,
    signal,
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: text ? JSON.parse(text) : {} };
}
