import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { SearchImageSetsCommand } from '@aws-sdk/client-medical-imaging';
import { HealthImagingError } from '../health-imaging-error';
import { readImageFrame } from '../read-image-frame';
import { readImageSetMetadata } from '../read-image-set-metadata';
import { AwsHealthImaging } from './aws-health-imaging';
import { createMedicalImagingClient, type AwsHealthImagingConfig } from './medical-imaging-client';

/*
 * The real MedicalImagingClient against a loopback server that answers as HealthImaging's REST
 * API does (restJson1: routes and payloads as in the SDK's schemas, errors named by the
 * x-amzn-ErrorType header).
 */

interface Seen {
  method: string;
  url: string;
  host: string | undefined;
  contentType: string | undefined;
  sdkRequest: string | undefined;
  body: Buffer;
}

type Handler = (req: Seen, res: http.ServerResponse) => void | Promise<void>;

const DATASTORE = '0123456789abcdef0123456789abcdef';
const IMAGE_SET = 'fedcba9876543210fedcba9876543210';
const FRAME = '00112233445566778899aabbccddeeff';

function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function fail(res: http.ServerResponse, status: number, name: string, message: string): void {
  json(res, status, { message }, { 'x-amzn-errortype': name });
}

describe('AwsHealthImaging through MedicalImagingClient on loopback', () => {
  let server: http.Server;
  let endpoint: string;
  let seen: Seen[];
  let handlers: Map<string, Handler>;
  const open: AwsHealthImaging[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const request: Seen = {
          method: req.method ?? '',
          url: req.url ?? '',
          host: req.headers.host,
          contentType: req.headers['content-type'],
          sdkRequest: req.headers['amz-sdk-request'] as string | undefined,
          body: Buffer.concat(chunks),
        };
        seen.push(request);
        const route = `${request.method} ${request.url.split('?')[0]}`;
        const handler = handlers.get(route);
        if (!handler) return fail(res, 404, 'ResourceNotFoundException', `no route ${route}`);
        (async () => handler(request, res))().catch((error) => fail(res, 500, 'InternalServerException', String(error)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    seen = [];
    handlers = new Map();
  });

  afterEach(() => {
    for (const hi of open.splice(0)) hi.close();
  });

  function client(overrides: Partial<AwsHealthImagingConfig> = {}): AwsHealthImaging {
    const hi = AwsHealthImaging.create({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDLOOPBACK', secretAccessKey: 'loopback-secret' },
      ...overrides,
    });
    open.push(hi);
    return hi;
  }

  const imageSetRoute = (op: string) => `POST /datastore/${DATASTORE}/imageSet/${IMAGE_SET}/${op}`;

  it('sends runtime operations to the overridden endpoint without the runtime- host prefix', async () => {
    handlers.set(imageSetRoute('getImageSet'), (_req, res) =>
      json(res, 200, {
        datastoreId: DATASTORE,
        imageSetId: IMAGE_SET,
        versionId: '3',
        imageSetState: 'ACTIVE',
        imageSetWorkflowStatus: 'UPDATED',
        createdAt: 1700000000,
        updatedAt: 1700000100.5,
        isPrimary: true,
      }),
    );
    handlers.set(`GET /datastore/${DATASTORE}`, (_req, res) =>
      json(res, 200, {
        datastoreProperties: { datastoreId: DATASTORE, datastoreName: 'loopback', datastoreStatus: 'ACTIVE', createdAt: 1700000000 },
      }),
    );
    const hi = client();
    const set = await hi.getImageSet({ datastoreId: DATASTORE, imageSetId: IMAGE_SET, versionId: '3' });
    const store = await hi.getDatastore({ datastoreId: DATASTORE });

    const port = (server.address() as AddressInfo).port;
    expect(seen.map((s) => s.host)).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
    expect(seen[0].url).toBe(`/datastore/${DATASTORE}/imageSet/${IMAGE_SET}/getImageSet?version=3`);
    expect(set).toMatchObject({
      imageSetId: IMAGE_SET,
      versionId: '3',
      imageSetState: 'ACTIVE',
      imageSetWorkflowStatus: 'UPDATED',
      isPrimary: true,
    });
    expect(set.updatedAt).toEqual(new Date(1700000100500));
    expect(set).not.toHaveProperty('$metadata');
    expect(store.datastoreProperties?.datastoreName).toBe('loopback');
  });

  it('returns the frame as a stream before the body has arrived, with its content type', async () => {
    const head = Buffer.from([0xff, 0x4f, 0xff, 0x51, 1, 2, 3, 4]);
    const tail = Buffer.alloc(64 * 1024, 7);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    handlers.set(imageSetRoute('getImageFrame'), async (req, res) => {
      expect(JSON.parse(req.body.toString())).toEqual({ imageFrameId: FRAME });
      res.writeHead(200, { 'content-type': 'image/jph', 'transfer-encoding': 'chunked' });
      res.write(head);
      await released;
      res.end(tail);
    });
    const hi = client();
    // Resolves while the server still holds the tail back: the SDK output is not buffered.
    const frame = await hi.getImageFrame({ datastoreId: DATASTORE, imageSetId: IMAGE_SET, imageFrameInformation: { imageFrameId: FRAME } });
    expect(frame.contentType).toBe('image/jph');
    expect(frame.imageFrameBlob).toBeInstanceOf(Readable);
    const chunks: Buffer[] = [];
    frame.imageFrameBlob.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => frame.imageFrameBlob.on('end', resolve));
    release();
    await ended;
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat([head, tail]));
    expect(seen[0].contentType).toMatch(/application\/json/);
  });

  it('reads a frame whole with readImageFrame', async () => {
    const bytes = Buffer.from('not really a codestream, but bytes all the same');
    handlers.set(imageSetRoute('getImageFrame'), (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jph' });
      res.end(bytes);
    });
    expect(
      Buffer.from(
        await readImageFrame(client(), { datastoreId: DATASTORE, imageSetId: IMAGE_SET, imageFrameInformation: { imageFrameId: FRAME } }),
      ),
    ).toEqual(bytes);
  });

  it('returns the metadata still gzipped, and readImageSetMetadata gunzips and parses it', async () => {
    const doc = {
      SchemaVersion: '1.1',
      DatastoreID: DATASTORE,
      ImageSetID: IMAGE_SET,
      Patient: { DICOM: { PatientID: 'LOOP-1' } },
      Study: { DICOM: { StudyInstanceUID: '1.2.3' }, Series: {} },
    };
    handlers.set(imageSetRoute('getImageSetMetadata'), (req, res) => {
      expect(req.url).toContain('version=2');
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(doc)));
    });
    const hi = client();
    const raw = await hi.getImageSetMetadata({ datastoreId: DATASTORE, imageSetId: IMAGE_SET, versionId: '2' });
    expect(raw.contentEncoding).toBe('gzip');
    expect(raw.contentType).toBe('application/json');
    const first = await new Promise<Buffer>((resolve) => raw.imageSetMetadataBlob.once('data', resolve));
    expect([first[0], first[1]]).toEqual([0x1f, 0x8b]);
    raw.imageSetMetadataBlob.destroy();

    expect(await readImageSetMetadata(hi, { datastoreId: DATASTORE, imageSetId: IMAGE_SET, versionId: '2' })).toEqual(doc);
  });

  it('refuses a metadata document that does not gunzip with a clear error', async () => {
    handlers.set(imageSetRoute('getImageSetMetadata'), (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(Buffer.from('{"this is": "not gzipped"}'));
    });
    const error = await readImageSetMetadata(client(), { datastoreId: DATASTORE, imageSetId: IMAGE_SET }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthImagingError);
    expect(error).toMatchObject({ name: 'InternalServerException' });
    expect((error as Error).message).toContain(IMAGE_SET);
  });

  it('retries throttling (HTTP 429, ThrottlingException) with backoff until the service answers', async () => {
    let calls = 0;
    handlers.set(`POST /datastore/${DATASTORE}/searchImageSets`, (req, res) => {
      calls++;
      if (calls <= 2) return fail(res, 429, 'ThrottlingException', 'Rate exceeded');
      // The search criteria are the HTTP payload itself.
      expect(JSON.parse(req.body.toString())).toEqual({ filters: [{ values: [{ DICOMPatientId: 'P1' }], operator: 'EQUAL' }] });
      json(res, 200, { imageSetsMetadataSummaries: [{ imageSetId: IMAGE_SET, version: 1, DICOMTags: { DICOMPatientId: 'P1' } }] });
    });
    const hi = client({ maxAttempts: 3 });
    const out = await hi.searchImageSets({
      datastoreId: DATASTORE,
      searchCriteria: { filters: [{ values: [{ DICOMPatientId: 'P1' }], operator: 'EQUAL' }] },
    });
    expect(out.imageSetsMetadataSummaries?.map((s) => s.imageSetId)).toEqual([IMAGE_SET]);
    expect(seen.map((s) => s.sdkRequest)).toEqual(['attempt=1; max=3', 'attempt=2; max=3', 'attempt=3; max=3']);
  });

  it('waits between attempts: the client records a retry delay', async () => {
    let calls = 0;
    handlers.set(`POST /datastore/${DATASTORE}/searchImageSets`, (_req, res) => {
      if (++calls === 1) return fail(res, 429, 'ThrottlingException', 'Rate exceeded');
      json(res, 200, { imageSetsMetadataSummaries: [] });
    });
    const sdk = createMedicalImagingClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      retryMode: 'standard',
    });
    try {
      const out = await sdk.send(new SearchImageSetsCommand({ datastoreId: DATASTORE }));
      expect(out.$metadata.attempts).toBe(2);
      expect(out.$metadata.totalRetryDelay).toBeGreaterThan(0);
    } finally {
      sdk.destroy();
    }
  });

  it('gives up after maxAttempts with a ThrottlingException HealthImagingError', async () => {
    handlers.set(`POST /datastore/${DATASTORE}/searchImageSets`, (_req, res) => fail(res, 429, 'ThrottlingException', 'Rate exceeded'));
    const error = await client({ maxAttempts: 2 })
      .searchImageSets({ datastoreId: DATASTORE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthImagingError);
    expect(error).toMatchObject({ name: 'ThrottlingException', httpStatus: 429, message: 'Rate exceeded' });
    expect(seen).toHaveLength(2);
  });

  it('maps ResourceNotFoundException to a HealthImagingError of the same name, without retrying', async () => {
    handlers.set(imageSetRoute('getImageSet'), (_req, res) =>
      fail(res, 404, 'ResourceNotFoundException', `image set ${IMAGE_SET} not found`),
    );
    const error = await client()
      .getImageSet({ datastoreId: DATASTORE, imageSetId: IMAGE_SET })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthImagingError);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', httpStatus: 404, message: `image set ${IMAGE_SET} not found` });
    expect((error as Error).cause).toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
    expect(seen).toHaveLength(1);
  });

  it('sends metadata updates as HealthImaging takes them and maps ConflictException', async () => {
    const updatable = { SchemaVersion: 1.1, Study: { DICOM: { StudyDescription: 'CHEST PA' } } };
    handlers.set(imageSetRoute('updateImageSetMetadata'), (req, res) => {
      const body = JSON.parse(req.body.toString());
      expect(req.url).toContain('latestVersion=1');
      expect(JSON.parse(Buffer.from(body.DICOMUpdates.updatableAttributes, 'base64').toString())).toEqual(updatable);
      fail(res, 409, 'ConflictException', 'latestVersionId 1 is not the latest version (2)');
    });
    const error = await client()
      .updateImageSetMetadata({
        datastoreId: DATASTORE,
        imageSetId: IMAGE_SET,
        latestVersionId: '1',
        updateImageSetMetadataUpdates: { DICOMUpdates: { updatableAttributes: Buffer.from(JSON.stringify(updatable)) } },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConflictException', httpStatus: 409 });
    expect(seen).toHaveLength(1);
  });

  it('names an error code the SDK does not model by its HTTP status', async () => {
    handlers.set(`GET /datastore/${DATASTORE}`, (_req, res) => fail(res, 400, 'SomethingNewException', 'a new kind of refusal'));
    const error = await client()
      .getDatastore({ datastoreId: DATASTORE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthImagingError);
    expect(error).toMatchObject({ name: 'ValidationException', message: 'a new kind of refusal' });
  });

  it('lets transport failures through unchanged: they are not the service speaking', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await client({ endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 })
      .getDatastore({ datastoreId: DATASTORE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(HealthImagingError);
    expect(String((error as Error).message) + JSON.stringify(error)).toMatch(/ECONNREFUSED/);
  });
});
