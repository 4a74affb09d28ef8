import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusDir } from '@triage/test-data';
import { startServer, type ServerProcess } from '../test-support/server-process';
import { RawHttpConnection, dicomMultipart, stowHead, type RawHttpAnswer } from './test-support/raw-http-connection';

const TOKEN = 'shutdown-spec-admin-token-0123456789';
const INSTANCE = fs.readFileSync(path.join(corpusDir(), 'CT_small.dcm'));
const ALREADY_STORED = fs.readFileSync(path.join(corpusDir(), 'MR_small.dcm'));
const IDLE_CONNECTIONS = 8;
/** The done-when of issue 9: SIGTERM ends the server within this, whatever its connections are doing. */
const EXIT_WITHIN_MS = 10_000;

/** Resolves with `promise`'s value and how long it took; rejects when it takes longer than `withinMs` (a bounded wait, not a sleep). */
async function within<T>(promise: Promise<T>, withinMs: number, what: string): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${withinMs} ms`)), withinMs);
  });
  try {
    const value = await Promise.race([promise, late]);
    return { value, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** What is stored, as a restarted server reads it: the instances QIDO finds and every frame and metadata file (name and size). */
async function storeSnapshot(server: ServerProcess, dataDir: string): Promise<{ instances: string[]; files: string[] }> {
  await within(transcoded(server), 30_000, 'the transcoding backlog');
  const answer = await fetch(`${server.url}/dicomweb/instances?includefield=00080018`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const instances = ((await answer.json()) as Record<string, { Value: string[] }>[]).map((i) => i['00080018'].Value[0]).sort();
  const root = path.join(dataDir, 'healthimaging');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'tmp') walk(full);
      } else if (!entry.name.startsWith('index.sqlite')) files.push(`${path.relative(root, full)} ${fs.statSync(full).size}`);
    }
  };
  walk(root);
  return { instances, files: files.sort() };
}

/** Resolves once the server has transcoded every frame it acknowledged (an original .orig turns into its .jph meanwhile). */
async function transcoded(server: ServerProcess): Promise<void> {
  for (;;) {
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    if (/^triage_transcode_backlog_frames 0$/m.test(metrics)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens a connection that has served one request and is now idle, kept alive. */
async function idleConnection(url: string): Promise<RawHttpConnection> {
  const connection = await RawHttpConnection.connect(url);
  await connection.write(`GET /healthz HTTP/1.1\r\nhost: ${new URL(url).host}\r\n\r\n`);
  const answer = await connection.readAnswer(10_000);
  expect(answer).toMatchObject({ status: 200 });
  return connection;
}

describe('SIGTERM with open keep-alive connections and an upload in flight', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-shutdown-'));
    env = { TRIAGE_DATA_DIR: dataDir, TRIAGE_SAMPLES: '0', TRIAGE_ADMIN_TOKEN: TOKEN, TRIAGE_CODEC_WORKERS: '1' };
    server = await startServer(env);
    const seeded = await fetch(`${server.url}/dicomweb/studies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': dicomMultipart([ALREADY_STORED]).contentType },
      body: dicomMultipart([ALREADY_STORED]).body,
    });
    expect(seeded.status).toBe(200);
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Opens the idle connections and starts the upload: headers (answered 100 Continue, so the server is handling it) and half the body. */
  async function connectAndStartUpload(running: ServerProcess) {
    const before = await storeSnapshot(running, dataDir);
    const idle = await Promise.all(Array.from({ length: IDLE_CONNECTIONS }, () => idleConnection(running.url)));
    const { contentType, body } = dicomMultipart([INSTANCE]);
    const upload = await RawHttpConnection.connect(running.url);
    await upload.write(stowHead(new URL(running.url).host, TOKEN, contentType, body.length, { expect: '100-continue' }));
    expect(await upload.readAnswer(10_000)).toMatchObject({ status: 100 });
    const half = Math.floor(body.length / 2);
    await upload.write(body.subarray(0, half));
    return { before, idle, upload, rest: body.subarray(half) };
  }

  it('cuts an upload that does not finish by the deadline: exits 0 within 10 s, nothing of it stored', async () => {
    const running = server!;
    const { before, idle, upload } = await connectAndStartUpload(running);

    const signalled = performance.now();
    running.child.kill('SIGTERM');
    // Idle connections are closed at once, well before the deadline of the upload in flight.
    const idleClosed = await within(Promise.all(idle.map((c) => c.closed)), 2_000, 'the idle connections closed');
    const uploadEnd = await within(upload.readAnswer(EXIT_WITHIN_MS), EXIT_WITHIN_MS, 'the upload answered or closed');
    const exit = await within(running.exited, EXIT_WITHIN_MS - (performance.now() - signalled), 'the server exited');
    const exitedAfterMs = performance.now() - signalled;
    expect(exit.value).toBe(0);
    expect(exitedAfterMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(idleClosed.ms).toBeLessThan(2_000);
    process.stdout.write(
      `shutdown with an unfinished upload: idle closed after ${Math.round(idleClosed.ms)} ms, exit after ${Math.round(exitedAfterMs)} ms\n`,
    );

    // Never acknowledged (the connection was cut, no answer), so nothing of it may be stored.
    expect(uploadEnd.value).toBe('closed');
    server = await startServer(env);
    expect(await storeSnapshot(server, dataDir)).toEqual(before);
    server.child.kill('SIGTERM');
    expect(await within(server.exited, EXIT_WITHIN_MS, 'the restarted server exited')).toMatchObject({ value: 0 });
  }, 120_000);

  it('lets an upload that finishes within the deadline be acknowledged (closing its connection), durable after a restart', async () => {
    const running = server!;
    const { before, idle, upload, rest } = await connectAndStartUpload(running);

    const signalled = performance.now();
    running.child.kill('SIGTERM');
    // The idle connections closing says the server is shutting down: only then the rest of the upload.
    await within(Promise.all(idle.map((c) => c.closed)), 2_000, 'the idle connections closed');
    await upload.write(rest);
    const answer = (await within(upload.readAnswer(EXIT_WITHIN_MS), EXIT_WITHIN_MS, 'the upload answered')).value as RawHttpAnswer;
    expect({ status: answer.status, connection: answer.headers.connection }).toEqual({ status: 200, connection: 'close' });
    const stored = JSON.parse(answer.body.toString()) as Record<string, { Value: Record<string, { Value: string[] }>[] }>;
    const sop = stored['00081199'].Value[0]['00081155'].Value[0];
    await within(upload.closed, 2_000, 'the upload connection closed after its answer');
    const exit = await within(running.exited, EXIT_WITHIN_MS - (performance.now() - signalled), 'the server exited');
    expect(exit.value).toBe(0);
    process.stdout.write(`shutdown with an upload finished in time: exit after ${Math.round(performance.now() - signalled)} ms\n`);

    server = await startServer(env);
    const after = await storeSnapshot(server, dataDir);
    expect(after.instances).toEqual([...before.instances, sop].sort());
    // Its RetrieveURL names the old port: the same path on the restarted server.
    const retrieveUrl = new URL(stored['00081199'].Value[0]['00081190'].Value[0]);
    const retrieved = await fetch(`${server.url}${retrieveUrl.pathname}`, {
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'multipart/related; type="application/dicom"' },
    });
    expect(retrieved.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await within(server.exited, EXIT_WITHIN_MS, 'the restarted server exited')).toMatchObject({ value: 0 });
  }, 120_000);
});
