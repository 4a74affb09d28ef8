import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMultipartRelated } from '../multipart/content-type';
import { splitMultipart } from '../multipart/read-multipart';
import { multipartRelatedType, writeMultipart } from '../multipart/write-multipart';
import { problem, PROBLEM_JSON } from '../problem/problem';
import { stowResponse } from '../stow/build-stow-response';
import { DicomwebClient } from './dicomweb-client';
import { DicomwebError } from './dicomweb-error';

interface Seen {
  method: string;
  url: string;
  accept?: string;
  authorization?: string;
  contentType?: string;
  contentLength?: string;
  parts: string[];
}

/** A DICOMweb server just big enough to answer each client call, recording what it was sent. */
function startServer(): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => void answer(req, res));
  async function answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://x');
    const contentType = req.headers['content-type'];
    const parts = contentType?.startsWith('multipart/')
      ? splitMultipart(body, parseMultipartRelated(contentType).boundary).map((p) => p.body.toString('latin1'))
      : [];
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      accept: req.headers.accept,
      authorization: req.headers.authorization,
      contentType,
      contentLength: req.headers['content-length'],
      parts,
    });
    const json = (status: number, type: string, value: unknown) =>
      res.writeHead(status, { 'content-type': type }).end(JSON.stringify(value));
    if (url.pathname.includes('/refused')) return json(403, PROBLEM_JSON, problem(403, 'dicomweb.read is not allowed for role auditor'));
    if (req.method === 'POST') {
      const stored = parts.filter((p) => p !== 'bad').map((p, i) => ({ sopClassUid: '1.2', sopInstanceUid: `1.2.${i}`, retrieveUrl: p }));
      const failed = parts.filter((p) => p === 'bad').map(() => ({ failureReason: 0xc000, reason: 'bad part' }));
      return json(failed.length ? 202 : 200, 'application/dicom+json', stowResponse(stored, failed));
    }
    if (url.pathname.endsWith('/metadata')) return json(200, 'application/dicom+json', [{ '00080018': { vr: 'UI', Value: ['1.2.3'] } }]);
    if (url.pathname.includes('/frames/') || url.pathname.endsWith('/instances/3')) {
      const boundary = 'x'.repeat(100);
      res.writeHead(200, { 'content-type': multipartRelatedType(boundary, 'image/jph') });
      for await (const chunk of writeMultipart(boundary, [
        { contentType: 'image/jph', body: Buffer.from('frame one') },
        { contentType: 'image/jph', body: Buffer.from('frame two') },
      ]))
        res.write(chunk);
      return res.end();
    }
    return json(200, 'application/dicom+json', [{ '0020000D': { vr: 'UI', Value: ['1.2.3'] } }]);
  }
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

describe('DicomwebClient', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let client: DicomwebClient;
  beforeAll(async () => {
    server = await startServer();
    client = new DicomwebClient({ url: `${server.url}/dicomweb`, authorization: 'Bearer t' });
  });
  afterAll(() => server.close());
  const last = () => server.seen[server.seen.length - 1];

  it.each([
    ['studies', { PatientName: 'DOE^J*', limit: 5 }, {}, '/dicomweb/studies?PatientName=DOE%5EJ*&limit=5'],
    [
      'series',
      { Modality: 'CT', includefield: ['A', 'B'] },
      { study: '1.2' },
      '/dicomweb/studies/1.2/series?Modality=CT&includefield=A&includefield=B',
    ],
    ['instances', {}, { study: '1.2', series: '1.2.3' }, '/dicomweb/studies/1.2/series/1.2.3/instances'],
    ['instances', new URLSearchParams({ SOPInstanceUID: '9' }), {}, '/dicomweb/instances?SOPInstanceUID=9'],
  ] as const)('QIDO-RS %s %j within %j', async (level, query, scope, url) => {
    expect(await client.search(level, query, scope)).toEqual([{ '0020000D': { vr: 'UI', Value: ['1.2.3'] } }]);
    expect(last()).toMatchObject({ method: 'GET', url, accept: 'application/dicom+json', authorization: 'Bearer t' });
  });

  it('reads WADO-RS metadata', async () => {
    expect(await client.metadata('1.2', '1.2.3')).toEqual([{ '00080018': { vr: 'UI', Value: ['1.2.3'] } }]);
    expect(last().url).toBe('/dicomweb/studies/1.2/series/1.2.3/metadata');
  });

  it('streams the parts of frames and of a retrieval, whatever the boundary length', async () => {
    const frames = await client.frames('1', '2', '3', [1, 2], 'multipart/related; type="image/jph"');
    const bodies: string[] = [];
    for await (const part of frames.parts) bodies.push(`${part.headers['content-type']}: ${part.body.toString()}`);
    expect(bodies).toEqual(['image/jph: frame one', 'image/jph: frame two']);
    expect(last()).toMatchObject({
      url: '/dicomweb/studies/1/series/2/instances/3/frames/1,2',
      accept: 'multipart/related; type="image/jph"',
    });
    const instance = await client.retrieve('1', '2', '3');
    let count = 0;
    for await (const part of instance.parts) count += part.body.length;
    expect(count).toBe(18);
    expect(last().accept).toBe('multipart/related; type="application/dicom"; transfer-syntax=*');
  });

  it('STOW-RS from files (with a Content-Length), from buffers, and from a stream of parts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dicomweb-client-'));
    const file = path.join(dir, 'a.dcm');
    fs.writeFileSync(file, 'file bytes');
    try {
      const fromFiles = await client.store([{ path: file, size: 10 }]);
      expect(fromFiles.status).toBe(200);
      expect(fromFiles.result).toEqual({ accepted: [{ sopInstanceUid: '1.2.0', unchanged: false }], failed: [] });
      expect(last()).toMatchObject({ method: 'POST', url: '/dicomweb/studies', parts: ['file bytes'] });
      expect(Number(last().contentLength)).toBeGreaterThan(10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const fromBuffers = await client.store([Buffer.from('one'), { bytes: Buffer.from('bad'), contentType: 'application/dicom' }], '1.2');
    expect(fromBuffers.status).toBe(202);
    expect(fromBuffers.result.failed).toEqual([{ sopInstanceUid: undefined, failureReason: 0xc000, comment: 'bad part' }]);
    expect(last()).toMatchObject({ url: '/dicomweb/studies/1.2', parts: ['one', 'bad'] });
    async function* stream() {
      yield { contentType: 'application/dicom', body: Buffer.from('streamed') };
    }
    expect((await client.store(stream())).result.accepted).toHaveLength(1);
    expect(last()).toMatchObject({ parts: ['streamed'], contentLength: undefined });
    expect(last().contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=triage-[0-9a-f]{32}$/);
  });

  it('throws the problem+json detail of an error answer', async () => {
    const refused = await client.get('studies/refused', 'application/dicom+json');
    expect(refused.status).toBe(403);
    const thrown = await client.metadata('refused').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(DicomwebError);
    expect(thrown).toMatchObject({
      status: 403,
      problem: { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'dicomweb.read is not allowed for role auditor' },
      message: 'WADO-RS studies/refused/metadata: HTTP 403: dicomweb.read is not allowed for role auditor',
    });
    await expect(client.frames('refused', '2', '3', [1], '*/*')).rejects.toMatchObject({ status: 403 });
  });
});
