import type { DicomWebResource, OrthancInstance, OrthancJob, OrthancQidoMatch, OrthancStudy, OrthancUpload } from './orthanc-types';

/** An Orthanc REST call that did not answer 2xx: the request and Orthanc's own explanation. */
export class OrthancRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`Orthanc ${method} ${path}: HTTP ${status} ${body.slice(0, 500)}`);
    this.name = 'OrthancRequestError';
  }
}

/** A finished job that did not succeed, with what Orthanc says about it. */
export class OrthancJobFailedError extends Error {
  constructor(readonly job: OrthancJob) {
    super(`Orthanc job ${job.Type} ${job.ID} ended ${job.State}: ${job.ErrorDescription}; ${JSON.stringify(job.Content)}`);
    this.name = 'OrthancJobFailedError';
  }
}

/** Options of the calls that run an Orthanc job: how long to wait for it. */
export interface JobOptions {
  /** Default 30 s. */
  timeoutMs?: number;
}

/** How often a job is polled: its steps take 500 ms each in the DICOMweb plugin, so finer polling gains nothing. */
const JOB_POLL_MS = 100;

/** A small typed client for the parts of Orthanc's REST API the tests use (authentication off). */
export class OrthancClient {
  constructor(readonly url: string) {}

  /** `GET /system`: name, version, ports. */
  system(): Promise<{ Name: string; Version: string; HttpPort: number; DicomPort: number }> {
    return this.json('GET', '/system');
  }

  /** `GET /plugins/dicom-web`: answers only when the DICOMweb plugin is loaded. */
  dicomWebPlugin(): Promise<{ ID: string; Version: string }> {
    return this.json('GET', '/plugins/dicom-web');
  }

  /** Uploads one Part 10 file (`POST /instances`). */
  uploadInstance(bytes: Uint8Array): Promise<OrthancUpload> {
    return this.json('POST', '/instances', bytes);
  }

  /** Orthanc ids of every study it holds. */
  studyIds(): Promise<string[]> {
    return this.json('GET', '/studies');
  }

  /** Every study it holds, with its main tags. */
  studies(): Promise<OrthancStudy[]> {
    return this.json('GET', '/studies?expand');
  }

  /** The instances of a study (by Orthanc id), with their main tags. */
  studyInstances(studyId: string): Promise<OrthancInstance[]> {
    return this.json('GET', `/studies/${studyId}/instances`);
  }

  /** The instance's Part 10 file exactly as Orthanc stores it. */
  async instanceFile(instanceId: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request('GET', `/instances/${instanceId}/file`)).arrayBuffer());
  }

  /** A frame's pixel data as stored (`/instances/{id}/frames/{n}/raw`, n from 0), undecoded. */
  async rawFrame(instanceId: string, frame: number): Promise<Uint8Array> {
    return new Uint8Array(await (await this.request('GET', `/instances/${instanceId}/frames/${frame}/raw`)).arrayBuffer());
  }

  /** The remote DICOMweb servers the plugin knows (`GET /dicom-web/servers/`). */
  dicomWebServers(): Promise<string[]> {
    return this.json('GET', '/dicom-web/servers/');
  }

  /** QIDO-RS against a remote server (`/dicom-web/servers/{server}/qido`), e.g. `uri: '/studies'`. */
  qido(server: string, uri: string, query: Record<string, string> = {}): Promise<OrthancQidoMatch[]> {
    return this.json('POST', `/dicom-web/servers/${server}/qido`, JSON.stringify({ Uri: uri, Arguments: query }));
  }

  /** A GET relayed to a remote server (`/dicom-web/servers/{server}/get`): status, media type and body as received. */
  async get(
    server: string,
    uri: string,
    options: { query?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<{ contentType: string | null; body: Uint8Array }> {
    const body = JSON.stringify({ Uri: uri, Arguments: options.query ?? {}, HttpHeaders: options.headers ?? {} });
    const response = await this.request('POST', `/dicom-web/servers/${server}/get`, body);
    return { contentType: response.headers.get('content-type'), body: new Uint8Array(await response.arrayBuffer()) };
  }

  /**
   * WADO-RS retrieve from a remote server into Orthanc (`/dicom-web/servers/{server}/retrieve`), run as a job
   * and awaited. `headers` are added to its requests; an `Accept` among them replaces the plugin's default,
   * `multipart/related; type="application/dicom"; transfer-syntax=*` (whatever the server holds).
   */
  async retrieve(
    server: string,
    resources: DicomWebResource[],
    options: JobOptions & { headers?: Record<string, string> } = {},
  ): Promise<OrthancJob> {
    const body = { Resources: resources, HttpHeaders: options.headers ?? {}, Synchronous: false };
    return this.runJob(`/dicom-web/servers/${server}/retrieve`, body, options);
  }

  /** STOW-RS of Orthanc resources (patients, studies, series or instances, by Orthanc id) to a remote server, awaited. */
  async stow(server: string, resources: string[], options: JobOptions = {}): Promise<OrthancJob> {
    return this.runJob(`/dicom-web/servers/${server}/stow`, { Resources: resources, Synchronous: false }, options);
  }

  /** `GET /jobs/{id}`. */
  job(id: string): Promise<OrthancJob> {
    return this.json('GET', `/jobs/${id}`);
  }

  /** Polls a job until it succeeds (its final state) or fails ({@link OrthancJobFailedError}); bounded by `timeoutMs`. */
  async waitForJob(id: string, { timeoutMs = 30_000 }: JobOptions = {}): Promise<OrthancJob> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.job(id);
      if (job.State === 'Success') return job;
      if (job.State === 'Failure') throw new OrthancJobFailedError(job);
      if (Date.now() > deadline)
        throw new Error(`Orthanc job ${job.Type} ${id} still ${job.State} (${job.Progress}%) after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
    }
  }

  /** Submits an asynchronous DICOMweb-client job and waits for it. */
  private async runJob(path: string, body: unknown, options: JobOptions): Promise<OrthancJob> {
    const submitted = await this.json<{ ID: string }>('POST', path, JSON.stringify(body));
    return this.waitForJob(submitted.ID, options);
  }

  private async json<T>(method: string, path: string, body?: Uint8Array | string): Promise<T> {
    return (await (await this.request(method, path, body)).json()) as T;
  }

  private async request(method: string, path: string, body?: Uint8Array | string): Promise<Response> {
    const response = await fetch(`${this.url}${path}`, { method, body });
    if (!response.ok) throw new OrthancRequestError(method, path, response.status, await response.text());
    return response;
  }
}
