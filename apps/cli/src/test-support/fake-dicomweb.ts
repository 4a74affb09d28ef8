import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readPart10 } from '@triage/dicom';
import {
  closingDelimiter,
  multipartRelatedType,
  newBoundary,
  PART_END,
  parseMultipartRelated,
  partHead,
  splitMultipart as splitParts,
} from '@triage/dicomweb';

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
        const boundary = newBoundary();
        const type = /image\/jph/.test(req.headers.accept ?? '') ? 'image/jph' : 'application/octet-stream';
        // A preamble and an epilogue, which a reader must skip.
        const payload = Buffer.concat([
          Buffer.from('preamble to ignore\r\n'),
          partHead(boundary, type, url.pathname),
          options.frame,
          PART_END,
          closingDelimiter(boundary),
          Buffer.from('epilogue'),
        ]);
        return send(200, multipartRelatedType(boundary, type), payload);
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

/** The application/dicom parts of a STOW-RS body, read by the lib's parser. */
function splitMultipart(body: Buffer, contentType: string): ReceivedPart[] {
  return splitParts(body, parseMultipartRelated(contentType).boundary).map((part) => ({
    contentType: part.headers['content-type'],
    bytes: part.body,
  }));
}
