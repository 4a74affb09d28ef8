import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditRecord, Schedule } from '@triage/platform';
import { AuditLog, auditLogFile, parseRecord, verifyAuditLog } from '@triage/platform';
import { numberedInstance } from '@triage/test-support';
import { auditPlugin } from '../audit';
import { listRoutes } from '../../app/build-app';
import { rawRequest } from '../../test-support/raw-request';
import { stow } from '../../test-support/stow-client';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { isStudyReadRoute } from './study-read';

const T0 = Date.parse('2026-12-05T10:00:00.000Z');
const WINDOW_MS = 5_000;
const at = (ms: number) => new Date(T0 + ms).toISOString();
const FRAMES = (study: string) => `/dicomweb/studies/${study}/series/*/instances/*/frames/*`;

/**
 * A step: a request (who, method, path), the clock moving, the windows' timers firing, the app closing.
 * `mallory` is refused (403) by the stand-in auth; frame 99 does not exist (404).
 */
type Step = { get: [who: string, path: string] } | { post: [who: string, path: string] } | { advance: number } | 'fire' | 'close';

const frame = (study: string, frames = '1') => `/dicomweb/studies/${study}/series/2.2/instances/3.3/frames/${frames}`;
const read = (who: string, url: string): Step => ({ get: [who, url] });
/** A record as one line: `actor action resource outcome detail`. */
const line = (r: AuditRecord) => [r.actor, r.action, r.resource, r.outcome, r.detail].filter((x) => x !== undefined).join(' ');
const aggregate = (who: string, resource: string, n: number, frames: number, instances: number, first: number, last: number) =>
  `${who} dicomweb.read ${resource} success accesses: ${n}; frames: ${frames}; instances: ${instances}; window: ${at(first)}..${at(last)}`;

const interleaved: Step[] = [];
for (let i = 0; i < 3; i++)
  for (const [who, study] of [
    ['carol', '1.1'],
    ['dave', '1.1'],
    ['carol', '5.5'],
    ['dave', '5.5'],
  ])
    interleaved.push(read(who, frame(study)), { advance: 10 });

/** Requests against the stand-in routes; the log's records afterwards, exactly. */
const SCENARIOS: { name: string; steps: Step[]; records: string[] }[] = [
  {
    name: '600 frame reads of one study by one principal in one window: the first read, then one record of the 599 after it',
    steps: [...Array.from({ length: 600 }, (): Step[] => [read('carol', frame('1.1')), { advance: 1 }]).flat(), 'fire'],
    records: [`carol dicomweb.read ${frame('1.1')} success`, aggregate('carol', FRAMES('1.1'), 599, 599, 0, 1, 599)],
  },
  {
    name: 'two principals and two studies interleaved: one pair each',
    steps: [...interleaved, 'fire'],
    records: [
      `carol dicomweb.read ${frame('1.1')} success`,
      `dave dicomweb.read ${frame('1.1')} success`,
      `carol dicomweb.read ${frame('5.5')} success`,
      `dave dicomweb.read ${frame('5.5')} success`,
      aggregate('carol', FRAMES('1.1'), 2, 2, 0, 40, 80),
      aggregate('dave', FRAMES('1.1'), 2, 2, 0, 50, 90),
      aggregate('carol', FRAMES('5.5'), 2, 2, 0, 60, 100),
      aggregate('dave', FRAMES('5.5'), 2, 2, 0, 70, 110),
    ],
  },
  {
    name: 'a read after the window opens a new one, durably; frames counted from the frame list asked for',
    steps: [
      read('carol', frame('1.1')),
      { advance: 100 },
      read('carol', frame('1.1', '1,2,3')),
      { advance: WINDOW_MS },
      read('carol', frame('1.1', '4')),
      'fire',
    ],
    records: [
      `carol dicomweb.read ${frame('1.1')} success`,
      aggregate('carol', FRAMES('1.1'), 1, 3, 0, 100, 100),
      `carol dicomweb.read ${frame('1.1', '4')} success`,
    ],
  },
  {
    name: 'a refusal, a failure and searches in the middle have a record each; the window goes on around them',
    steps: [
      read('carol', frame('1.1')),
      read('mallory', frame('1.1')),
      read('carol', frame('1.1')),
      read('carol', frame('1.1', '99')),
      read('carol', '/dicomweb/studies/1.1/series?Modality=CT'),
      read('carol', '/dicomweb/studies/1.1/series?Modality=CT'),
      read('carol', frame('1.1')),
      'fire',
    ],
    records: [
      `carol dicomweb.read ${frame('1.1')} success`,
      `mallory dicomweb.read ${frame('1.1')} refused role data-scientist may not dicomweb.read`,
      `carol dicomweb.read ${frame('1.1', '99')} failed status 404`,
      'carol dicomweb.read /dicomweb/studies/1.1/series success keys: Modality; results: 0',
      'carol dicomweb.read /dicomweb/studies/1.1/series success keys: Modality; results: 0',
      aggregate('carol', FRAMES('1.1'), 2, 2, 0, 0, 0),
    ],
  },
  {
    name: 'closing the app writes the open windows (before the caller closes the log)',
    steps: [read('carol', frame('1.1')), read('carol', frame('1.1', '2,3')), read('dave', frame('1.1')), 'close'],
    records: [
      `carol dicomweb.read ${frame('1.1')} success`,
      `dave dicomweb.read ${frame('1.1')} success`,
      aggregate('carol', FRAMES('1.1'), 1, 2, 0, 0, 0),
    ],
  },
  {
    name: "one window per kind of read: metadata counts instances (the answer's count), an instance counts one",
    steps: [
      read('carol', '/dicomweb/studies/1.1/series/2.2/metadata'),
      read('carol', '/dicomweb/studies/1.1/series/2.3/metadata'),
      read('carol', '/dicomweb/studies/1.1/series/2.4/metadata'),
      read('carol', '/dicomweb/studies/1.1/series/2.2/instances/3.3'),
      read('carol', '/dicomweb/studies/1.1/series/2.2/instances/3.4'),
      'fire',
    ],
    records: [
      'carol dicomweb.read /dicomweb/studies/1.1/series/2.2/metadata success results: 3',
      'carol dicomweb.read /dicomweb/studies/1.1/series/2.2/instances/3.3 success',
      aggregate('carol', '/dicomweb/studies/1.1/series/*/metadata', 2, 0, 6, 0, 0),
      aggregate('carol', '/dicomweb/studies/1.1/series/*/instances/*', 1, 0, 1, 0, 0),
    ],
  },
  {
    name: 'GetImageFrame through the HealthImaging API: keyed by its image set',
    steps: [
      { post: ['carol', '/datastore/ds1/imageSet/is1/getImageFrame'] },
      { post: ['carol', '/datastore/ds1/imageSet/is1/getImageFrame'] },
      { post: ['carol', '/datastore/ds1/imageSet/is2/getImageFrame'] },
      { post: ['carol', '/datastore/ds1/imageSet/is1/getImageFrame'] },
      { post: ['carol', '/datastore/ds1/imageSet/is1/getImageSet'] },
      'close',
    ],
    records: [
      'carol healthimaging.read /datastore/ds1/imageSet/is1/getImageFrame success',
      'carol healthimaging.read /datastore/ds1/imageSet/is2/getImageFrame success',
      'carol healthimaging.read /datastore/ds1/imageSet/is1/getImageSet success',
      `carol healthimaging.read /datastore/ds1/imageSet/is1/getImageFrame success accesses: 2; frames: 2; instances: 0; window: ${at(0)}..${at(0)}`,
    ],
  },
];

/** Stands in for the auth plugin: the principal is named by X-Who; mallory's role may not read. */
const standInAuth = fp(
  async (app) => {
    app.decorateRequest('principal', undefined);
    app.addHook('onRequest', async (request, reply) => {
      const name = String(request.headers['x-who']);
      request.principal = { name, role: name === 'mallory' ? 'data-scientist' : 'clinician' };
      if (name === 'mallory') {
        request.refusal = 'role data-scientist may not dicomweb.read';
        return reply.code(403).send({ status: 403 });
      }
    });
  },
  { name: 'triage-auth' },
);

/** The study-read routes' shapes with stand-in answers (what they read is not the point here). */
async function standInRoutes(app: FastifyInstance): Promise<void> {
  const read = { config: { action: 'dicomweb.read' as const } };
  app.get<{ Params: { frames: string } }>(
    '/dicomweb/studies/:study/series/:series/instances/:instance/frames/:frames',
    read,
    (request, reply) =>
      request.params.frames === '99' ? reply.code(404).send({ status: 404 }) : reply.type('application/octet-stream').send(Buffer.alloc(8)),
  );
  app.get('/dicomweb/studies/:study/series/:series/instances/:instance', read, (_request, reply) => reply.send(Buffer.alloc(8)));
  app.get('/dicomweb/studies/:study/series/:series/metadata', read, (request, reply) => {
    request.auditResults = 3;
    return reply.type('application/dicom+json').send('[{},{},{}]');
  });
  app.get('/dicomweb/studies/:study/series', read, (_request, reply) => reply.type('application/dicom+json').send('[]'));
  const hiRead = { config: { action: 'healthimaging.read' as const } };
  app.post('/datastore/:datastoreId/imageSet/:imageSetId/getImageFrame', hiRead, (_request, reply) => reply.send(Buffer.alloc(8)));
  app.post('/datastore/:datastoreId/imageSet/:imageSetId/getImageSet', hiRead, (_request, reply) => reply.send({}));
}

describe('study reads audited per access (PS3.15 A.5.3.6)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-study-reads-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(SCENARIOS)('$name', async ({ steps, records }) => {
    const log = AuditLog.open(auditLogFile(dir));
    let now = T0;
    const due: (() => void)[] = [];
    const schedule: Schedule = (fn) => {
      let cancelled = false;
      due.push(() => cancelled || fn());
      return { cancel: () => (cancelled = true) };
    };
    const app = Fastify();
    await app.register(standInAuth);
    await app.register(auditPlugin, { audit: log, studyReads: { windowMs: WINDOW_MS, now: () => now, schedule } });
    await standInRoutes(app);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    let closed = false;
    try {
      for (const step of steps) {
        if (step === 'fire') for (const fire of due.splice(0)) fire();
        else if (step === 'close') {
          await app.close();
          closed = true;
        } else if ('advance' in step) now += step.advance;
        else {
          const [method, [who, target]] = 'get' in step ? ['GET', step.get] : ['POST', step.post];
          await rawRequest(url, method, target, { 'x-who': who });
        }
      }
    } finally {
      if (!closed) await app.close();
      log.close();
    }
    const written = fs
      .readFileSync(auditLogFile(dir), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => parseRecord(l) as AuditRecord);
    expect(written.map(line)).toEqual(records);
    expect(await verifyAuditLog(auditLogFile(dir))).toEqual({ ok: true, records: records.length, lastSeq: records.length, problems: [] });
  });
});

describe('study reads in the API', () => {
  let t: TestApp;
  let dir: string;
  let log: AuditLog;
  const instance = numberedInstance({ run: 4343, study: 0, index: 0 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-study-reads-'));
    log = AuditLog.open(auditLogFile(dir));
    t = await startTestApp({ audit: log });
    expect((await stow(t.url, t.token, [instance.bytes])).status).toBe(200);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a study per access: the WADO-RS retrievals and the HealthImaging API reads of one image set, not the searches', () => {
    // Every GET under /dicomweb is a dicomweb.read, every POST of an image set's read a healthimaging.read (the rest do not match).
    const routes = listRoutes(t.app)
      .filter(
        ({ method, url }) => (method === 'GET' && url.startsWith('/dicomweb/')) || (method === 'POST' && url.startsWith('/datastore/')),
      )
      .filter(({ url }) => isStudyReadRoute(url, url.startsWith('/dicomweb/') ? 'dicomweb.read' : 'healthimaging.read'))
      .map((r) => `${r.method} ${r.url}`);
    expect(routes).toEqual([
      'GET /dicomweb/studies/:study',
      'GET /dicomweb/studies/:study/series/:series',
      'GET /dicomweb/studies/:study/series/:series/instances/:instance',
      'GET /dicomweb/studies/:study/metadata',
      'GET /dicomweb/studies/:study/series/:series/metadata',
      'GET /dicomweb/studies/:study/series/:series/instances/:instance/metadata',
      'GET /dicomweb/studies/:study/series/:series/instances/:instance/frames/:frames',
      'GET /dicomweb/studies/:study/series/:series/thumbnail',
      'GET /dicomweb/studies/:study/series/:series/rendered',
      'POST /datastore/:datastoreId/imageSet/:imageSetId/getImageSetMetadata',
      'POST /datastore/:datastoreId/imageSet/:imageSetId/getImageFrame',
    ]);
  });

  it('lands every frame read in the log, on a chain that verifies once the app is closed', async () => {
    const { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop } = instance;
    const frames = `/studies/${study}/series/${series}/instances/${sop}/frames/1`;
    const reads = 5;
    for (let n = 0; n < reads; n++)
      expect((await t.get(frames, { accept: 'multipart/related; type="application/octet-stream"' })).status).toBe(200);
    await t.close();
    log.close();
    const mine = fs
      .readFileSync(auditLogFile(dir), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => parseRecord(l) as AuditRecord)
      .filter((r) => r.resource.startsWith(`/dicomweb/studies/${study}/`));
    // However the reads fell into windows: each first read is a record of its own, the rest are counted in the aggregates.
    const firsts = mine.filter((r) => r.resource === `/dicomweb${frames}`);
    const counted = mine
      .filter((r) => r.resource === FRAMES(study))
      .map(
        (r) =>
          /^accesses: (\d+); frames: (\d+); instances: 0; window: /
            .exec(r.detail ?? '')
            ?.slice(1, 3)
            .map(Number) ?? [NaN, NaN],
      );
    expect({
      accesses: firsts.length + counted.reduce((n, [a]) => n + a, 0),
      frames: firsts.length + counted.reduce((n, [, f]) => n + f, 0),
    }).toEqual({
      accesses: reads,
      frames: reads,
    });
    expect(firsts.length + counted.length).toBe(mine.length);
    expect(await verifyAuditLog(auditLogFile(dir))).toMatchObject({ ok: true, problems: [] });
  });
});
