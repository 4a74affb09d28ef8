import { Pool } from 'undici';
import { DicomwebClient } from '@triage/dicomweb';

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

const clients = new WeakMap<DicomwebTarget, DicomwebClient>();

/** The lib's DICOMweb client for a target, over the target's pool. */
export function clientOf(target: DicomwebTarget): DicomwebClient {
  let client = clients.get(target);
  if (!client) {
    client = new DicomwebClient({ url: `${target.origin}${target.root}`, authorization: target.authorization, dispatcher: target.pool });
    clients.set(target, client);
  }
  return client;
}

/** GET under the DICOMweb root; the body is read fully, so latency covers the whole transfer. */
export async function get(target: DicomwebTarget, path: string, accept: string): Promise<Answer> {
  const answer = await clientOf(target).get(path, accept);
  return { status: answer.status, contentType: answer.contentType ?? '', body: answer.body };
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
  const answer = await clientOf(target)
    .store(files)
    .catch((error: Error) => {
      throw new Error(`${target.name} ${error.message}`);
    });
  // Orthanc leaves FailedSOPSequence empty, so whatever is not referenced counts as refused.
  const stored = answer.dataset['00081199']?.Value?.length ?? 0;
  return { stored, failed: files.length - stored };
}
