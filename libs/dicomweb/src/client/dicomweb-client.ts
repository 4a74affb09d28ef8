import type { Dispatcher } from 'undici';
import { request } from 'undici';
import { mediaTypeParameters } from '../multipart/content-type';
import { MultipartError } from '../multipart/multipart-error';
import type { MultipartLimits, MultipartPart } from '../multipart/read-multipart';
import { readMultipart } from '../multipart/read-multipart';
import type { QidoLevel } from '../qido/qido-query';
import type { JsonDataset, StowResult } from '../stow/read-stow-response';
import { parseStowResponse } from '../stow/read-stow-response';
import { DicomwebError } from './dicomweb-error';
import type { StowInput } from './stow-request-body';
import { stowRequestBody } from './stow-request-body';

/** Where a {@link DicomwebClient} sends its requests, and how. */
export interface DicomwebClientOptions {
  /** The DICOMweb root: `http://127.0.0.1:8080/dicomweb`, `http://127.0.0.1:8042/dicom-web`. */
  url: string | URL;
  /** The Authorization header value (`Bearer …`, `Basic …`); none when undefined. */
  authorization?: string;
  /** An undici dispatcher (a Pool with chosen keep-alive settings); default: undici's global one. */
  dispatcher?: Dispatcher;
  /** Bounds on each part of a multipart answer (default: 1 GiB a part, no bound on the body). */
  partLimits?: MultipartLimits;
}

/** A response read whole, as it came. */
export interface DicomwebAnswer {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

/** A multipart answer: its Content-Type and its parts, read one at a time as they are iterated. */
export interface RetrievedParts {
  contentType: string;
  parts: AsyncGenerator<MultipartPart>;
}

/** A STOW-RS answer: the status, the response data set and what it says per instance. */
export interface StowAnswer {
  status: number;
  contentType: string | undefined;
  /** The response data set (empty when a 2xx came without one). */
  dataset: JsonDataset;
  result: StowResult;
}

/** Per-request options. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/** A QIDO-RS query: matching keys and `limit`, `offset`, `includefield` (repeat by giving a list). */
export type QidoParams = URLSearchParams | Record<string, string | number | readonly (string | number)[] | undefined>;

/** Where a QIDO-RS search is scoped by its path. */
export interface QidoScope {
  study?: string;
  series?: string;
}

const DICOM_JSON = 'application/dicom+json';
const DEFAULT_PART_LIMITS: MultipartLimits = { maxPartBytes: 1 << 30, maxBodyBytes: Number.MAX_SAFE_INTEGER };

/**
 * A typed DICOMweb client (PS3.18) over undici: QIDO-RS at each level, WADO-RS metadata, frames and
 * instance, series and study retrieval as a stream of parts, STOW-RS from files, buffers or a
 * stream of parts. An error answer throws {@link DicomwebError} with the server's problem detail;
 * a network failure throws undici's error (its `code`, or its cause's, says what happened).
 */
export class DicomwebClient {
  private readonly root: URL;

  constructor(private readonly options: DicomwebClientOptions) {
    this.root = new URL(String(options.url));
    if (!this.root.pathname.endsWith('/')) this.root.pathname += '/';
  }

  /** The URL of a path under the DICOMweb root (`studies/1.2.3/metadata`, with or without a query). */
  url(path: string, query?: QidoParams): URL {
    const url = new URL(path.replace(/^\//, ''), this.root);
    if (query) for (const [name, value] of searchParams(query)) url.searchParams.append(name, value);
    return url;
  }

  /** GET under the root with an Accept header, the body read to the end whatever the status. */
  get(path: string, accept: string, options: RequestOptions = {}): Promise<DicomwebAnswer> {
    return this.getWhole(this.url(path), accept, options);
  }

  /** QIDO-RS (PS3.18 10.6) at a level, optionally within a study or series: the matches as DICOM JSON. */
  async search(level: QidoLevel, query: QidoParams = {}, scope: QidoScope = {}, options: RequestOptions = {}): Promise<JsonDataset[]> {
    const path = qidoPath(level, scope);
    const answer = await this.getWhole(this.url(path, query), DICOM_JSON, options);
    const what = `QIDO-RS ${path}`;
    expectOk(what, answer);
    return datasets(what, answer);
  }

  /** WADO-RS metadata (PS3.18 10.4) of a study, series or instance: one data set per instance. */
  async metadata(study: string, series?: string, instance?: string, options: RequestOptions = {}): Promise<JsonDataset[]> {
    const path = `${resourcePath(study, series, instance)}/metadata`;
    const answer = await this.get(path, DICOM_JSON, options);
    const what = `WADO-RS ${path}`;
    expectOk(what, answer);
    return datasets(what, answer);
  }

  /** WADO-RS retrieval of a study, series or instance: Part 10 instances as parts (default Accept: as the server likes). */
  retrieve(
    study: string,
    series?: string,
    instance?: string,
    accept = 'multipart/related; type="application/dicom"; transfer-syntax=*',
    options: RequestOptions = {},
  ): Promise<RetrievedParts> {
    return this.multipart(`WADO-RS ${resourcePath(study, series, instance)}`, resourcePath(study, series, instance), accept, options);
  }

  /** WADO-RS frames (PS3.18 8.7.3.5) of an instance, one part per frame, numbers from 1. */
  frames(
    study: string,
    series: string,
    instance: string,
    frames: number[],
    accept: string,
    options: RequestOptions = {},
  ): Promise<RetrievedParts> {
    const path = `${resourcePath(study, series, instance)}/frames/${frames.join(',')}`;
    return this.multipart(`WADO-RS frames ${frames.join(',')}`, path, accept, options);
  }

  /**
   * STOW-RS (PS3.18 10.5) to /studies or /studies/{study}. A STOW-RS response data set is returned
   * whatever the status (200, 202 and 409 all carry one); any other error throws {@link DicomwebError}.
   */
  async store(input: StowInput, study?: string, options: RequestOptions = {}): Promise<StowAnswer> {
    const path = study ? `studies/${study}` : 'studies';
    const body = stowRequestBody(input);
    const headers: Record<string, string> = { 'content-type': body.contentType, accept: DICOM_JSON };
    if (body.contentLength !== undefined) headers['content-length'] = String(body.contentLength);
    const response = await this.send('POST', this.url(path), headers, body.body, options);
    const contentType = header(response, 'content-type');
    const text = await response.body.text();
    if (/json/i.test(contentType ?? '') && !/problem\+json/i.test(contentType ?? '')) {
      try {
        const json: unknown = JSON.parse(text);
        const result = parseStowResponse(json);
        if (result)
          return { status: response.statusCode, contentType, dataset: (Array.isArray(json) ? json[0] : json) as JsonDataset, result };
      } catch {
        // Not JSON after all: described below by status.
      }
    }
    if (response.statusCode >= 200 && response.statusCode < 300)
      return { status: response.statusCode, contentType, dataset: {}, result: { accepted: [], failed: [] } };
    throw new DicomwebError(`STOW-RS ${path}`, response.statusCode, contentType, text);
  }

  private async getWhole(url: URL, accept: string, options: RequestOptions): Promise<DicomwebAnswer> {
    const response = await this.send('GET', url, { accept }, undefined, options);
    return {
      status: response.statusCode,
      contentType: header(response, 'content-type'),
      body: Buffer.from(await response.body.arrayBuffer()),
    };
  }

  private async multipart(what: string, path: string, accept: string, options: RequestOptions): Promise<RetrievedParts> {
    const response = await this.send('GET', this.url(path), { accept }, undefined, options);
    const contentType = header(response, 'content-type') ?? '';
    if (response.statusCode < 200 || response.statusCode >= 300)
      throw new DicomwebError(what, response.statusCode, contentType, await response.body.text());
    const boundary = /^multipart\//i.test(contentType) ? mediaTypeParameters(contentType)['boundary'] : undefined;
    if (!boundary) {
      await response.body.dump();
      throw new MultipartError(`${what}: expected a multipart response with a boundary, got ${contentType || 'no Content-Type'}`);
    }
    return { contentType, parts: readMultipart(response.body, boundary, this.options.partLimits ?? DEFAULT_PART_LIMITS) };
  }

  private send(
    method: 'GET' | 'POST',
    url: URL,
    headers: Record<string, string>,
    body: Dispatcher.DispatchOptions['body'],
    options: RequestOptions,
  ): Promise<Dispatcher.ResponseData> {
    if (this.options.authorization) headers['authorization'] = this.options.authorization;
    return request(url, { method, headers, body, signal: options.signal, dispatcher: this.options.dispatcher });
  }
}

/** The path of a QIDO-RS search under the root. */
function qidoPath(level: QidoLevel, scope: QidoScope): string {
  if (!scope.study) return level;
  if (level === 'studies') throw new Error('a studies search cannot be scoped to a study: match StudyInstanceUID instead');
  if (scope.series) {
    if (level !== 'instances') throw new Error('only an instances search can be scoped to a series');
    return `studies/${scope.study}/series/${scope.series}/instances`;
  }
  return `studies/${scope.study}/${level}`;
}

function resourcePath(study: string, series?: string, instance?: string): string {
  return `studies/${study}${series ? `/series/${series}` : ''}${series && instance ? `/instances/${instance}` : ''}`;
}

function searchParams(query: QidoParams): [string, string][] {
  if (query instanceof URLSearchParams) return [...query];
  return Object.entries(query).flatMap(([name, value]) =>
    value === undefined ? [] : (typeof value === 'object' ? value : [value]).map((v): [string, string] => [name, String(v)]),
  );
}

function header(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function expectOk(what: string, answer: DicomwebAnswer): void {
  if (answer.status < 200 || answer.status >= 300)
    throw new DicomwebError(what, answer.status, answer.contentType, answer.body.toString('utf8'));
}

/** The data sets of a DICOM JSON answer; 204 or an empty body is none (PS3.18 allows both for no match). */
function datasets(what: string, answer: DicomwebAnswer): JsonDataset[] {
  const text = answer.body.toString('utf8').trim();
  if (answer.status === 204 || text === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DicomwebError(what, answer.status, answer.contentType, text, 'the response is not DICOM JSON');
  }
  if (!Array.isArray(parsed))
    throw new DicomwebError(what, answer.status, answer.contentType, text, 'the response is not a list of data sets');
  return parsed as JsonDataset[];
}
