import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readPart10 } from '@triage/dicom';

/** One application/dicom part as the fake server received it. */
export interface ReceivedPart {
  contentType: string | undefined;
  bytes: Buffer;
}

/** How the fake server behaves. */
export interface FakeOptions {
  token: string;
  /** SOP Instance UIDs to refuse, with the words of the refusal. */
  refuse?: Map<string, string>;
  /** The frame every WADO-RS frame request gets. */
  frame?: Buffer;
  /** Files served as is under /files/NAME (for ingest by URL). */
  files?: Map<string, Buffer>;
  /** Data sets every QIDO-RS request gets. */
  qido?: unknown[];
}

/** A running fake of the API's DICOMweb routes, recording what it was sent. */
export interface FakeDicomweb {
  url: string;
  parts: ReceivedPart[];
  stowContentTypes: string[];
  requests: { method: string; url: string; accept?: string }[];
  close(): Promise<void>;
}

/**
 * A small node:http server speaking just enough DICOMweb for the CLI: STOW-RS with a real PS3.18
 * response (ReferencedSOPSequence, FailedSOPSequence with FailureReason and ErrorComment), QIDO-RS,
 * one frame by WADO-RS, and problem+json for a missing or wrong bearer token.
 */
export async function startFakeDicomweb(options: FakeOptions): Promise<FakeDicomweb> {
  const parts: ReceivedPart[] = [];
  const stowContentTypes: string[] = [];
  const requests: FakeDicomweb['requests'] = [];
  const stored = new Map<string, Buffer>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', accept: req.headers.accept });
      const body = Buffer.concat(chunks);
      const send = (status: number, type: string, payload: Buffer | string) => res.writeHead(status, { 'content-type': type }).end(payload);
      if (req.url?.startsWith('/files/')) {
        const file = options.files?.get(req.url.slice(7));
        return file ? send(200, 'application/dicom', file) : send(404, 'text/plain', 'no such file');
      }
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        return send(
          401,
          'application/problem+json',
          JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'missing or invalid bearer token' }),
        );
      }
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' && url.pathname === '/dicomweb/studies') {
        stowContentTypes.push(req.headers['content-type'] ?? '');
        const referenced: unknown[] = [];
        const failed: unknown[] = [];
        for (const part of splitMultipart(body, req.headers['content-type'] ?? '')) {
          parts.push(part);
          let uid: string | undefined;
          try {
            uid = readPart10(part.bytes).dataSet.string('x00080018');
          } catch (error) {
            failed.push({
              '00081197': { vr: 'US', Value: [0xc000] },
              '00000902': { vr: 'LO', Value: [`not DICOM: ${(error as Error).message}`] },
            });
            continue;
          }
          const refusal = uid && options.refuse?.get(uid);
          if (refusal) {
            failed.push({
              '00081155': { vr: 'UI', Value: [uid] },
              '00081197': { vr: 'US', Value: [0xc000] },
              '00000902': { vr: 'LO', Value: [refusal] },
            });
            continue;
          }
          const again = stored.get(uid ?? '')?.equals(part.bytes);
          stored.set(uid ?? '', part.bytes);
          referenced.push({
            '00081155': { vr: 'UI', Value: [uid] },
            ...(again && { '00000902': { vr: 'LO', Value: ['already stored, unchanged'] } }),
          });
        }
        const response: Record<string, unknown> = {};
        if (referenced.length) response['00081199'] = { vr: 'SQ', Value: referenced };
        if (failed.length) response['00081198'] = { vr: 'SQ', Value: failed };
        return send(failed.length === 0 ? 200 : referenced.length ? 202 : 409, 'application/dicom+json', JSON.stringify(response));
      }
      if (req.method === 'GET' && /\/frames\/\d+$/.test(url.pathname) && options.frame) {
        const boundary = 'frame-boundary-42';
        const type = /image\/jph/.test(req.headers.accept ?? '') ? 'image/jph' : 'application/octet-stream';
        const payload = Buffer.concat([
          Buffer.from(`preamble to ignore\r\n--${boundary}\r\nContent-Type: ${type}\r\nContent-Location: ${url.pathname}\r\n\r\n`),
          options.frame,
          Buffer.from(`\r\n--${boundary}--\r\nepilogue`),
        ]);
        return send(200, `multipart/related; type="${type}"; boundary=${boundary}`, payload);
      }
      if (req.method === 'GET' && /^\/dicomweb\/(studies|series|instances)$|\/series$|\/instances$/.test(url.pathname)) {
        return send(200, 'application/dicom+json', JSON.stringify(options.qido ?? []));
      }
      return send(
        404,
        'application/problem+json',
        JSON.stringify({ status: 404, title: 'Not Found', detail: `no route ${req.method} ${url.pathname}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    parts,
    stowContentTypes,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A plain split of a multipart body on its boundary, written independently of the CLI's reader. */
function splitMultipart(body: Buffer, contentType: string): ReceivedPart[] {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const text = body.toString('latin1');
  const segments = text.split(`--${boundary}`);
  if (!segments[segments.length - 1].startsWith('--')) throw new Error('no closing delimiter');
  return segments.slice(1, -1).map((segment) => {
    const headerEnd = segment.indexOf('\r\n\r\n');
    const headers = segment.slice(2, headerEnd);
    if (!segment.endsWith('\r\n')) throw new Error('part does not end with CRLF');
    return {
      contentType: /content-type:\s*(.+)/i.exec(headers)?.[1]?.trim(),
      bytes: Buffer.from(segment.slice(headerEnd + 4, -2), 'latin1'),
    };
  });
}
