import { Pool } from 'undici';
import { multipartRelated } from '@triage/dicom';

/** One DICOMweb server under test, as the benchmark's clients reach it. */
export interface DicomwebTarget {
  /** Shown in the table: `ours`, `Orthanc`. */
  name: string;
  /** Scheme, host and port: `http://127.0.0.1:8042`. */
  origin: string;
  /** The DICOMweb root path: `/dicomweb` or `/dicom-web`. */
  root: string;
  /** Authorization header value (bearer token or basic credentials). */
  authorization: string;
  pool: Pool;
}

/** An HTTP answer, its body read to the end. */
export interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
}

/**
 * One connection pool per server with the same settings for both. Orthanc answers `Keep-Alive: timeout=1`;
 * undici subtracts `keepAliveTimeoutThreshold` (2 s by default) from that hint and closes the socket when
 * nothing is left, which would open a connection per request. 100 ms keeps Orthanc's sockets for 0.9 s.
 */
export function openPool(origin: string, connections: number): Pool {
  return new Pool(origin, {
    connections,
    pipelining: 1,
    keepAliveTimeoutThreshold: 100,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 120_000,
    bodyTimeout: 120_000,
  });
}

/** GET under the DICOMweb root; the body is read fully, so latency covers the whole transfer. */
export async function get(target: DicomwebTarget, path: string, accept: string): Promise<Answer> {
  const response = await target.pool.request({
    method: 'GET',
    path: `${target.root}${path}`,
    headers: { accept, authorization: target.authorization },
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body };
}

/** GET that must answer 200; else throws with the status and the start of the body. */
export async function getOk(target: DicomwebTarget, path: string, accept: string): Promise<Answer> {
  const answer = await get(target, path, accept);
  if (answer.status !== 200)
    throw new Error(`${target.name} GET ${path}: HTTP ${answer.status} ${answer.body.subarray(0, 300).toString('utf8')}`);
  return answer;
}

/** The outcome of one STOW-RS request: instances the server stored and those it did not. */
export interface StowOutcome {
  stored: number;
  failed: number;
}

/** STOW-RS of Part 10 files in one multipart request; throws on an HTTP error without a DICOM JSON answer. */
export async function stow(target: DicomwebTarget, files: Uint8Array[]): Promise<StowOutcome> {
  const { contentType, body } = multipartRelated(files);
  const response = await target.pool.request({
    method: 'POST',
    path: `${target.root}/studies`,
    headers: { 'content-type': contentType, accept: 'application/dicom+json', authorization: target.authorization },
    body,
  });
  const text = await response.body.text();
  if (response.statusCode >= 300 && response.statusCode !== 409) {
    throw new Error(`${target.name} STOW: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
  }
  // Orthanc leaves FailedSOPSequence empty, so whatever is not referenced counts as refused.
  const stored = referencedCount(text);
  return { stored, failed: files.length - stored };
}

function referencedCount(text: string): number {
  try {
    const json = JSON.parse(text) as Record<string, { Value?: unknown[] } | undefined>;
    return json['00081199']?.Value?.length ?? 0;
  } catch {
    return 0;
  }
}
