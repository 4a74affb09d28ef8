import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer } from '../test-support/server-process';
import type { ServerProcess } from '../test-support/server-process';
import { stow } from '../test-support/stow-client';
import { numberedInstances, type SyntheticInstance } from '@triage/test-support';
import { verifyStore } from '../test-support/verify-store';

const TOKEN = 'crash-test-admin-token-0123456789';
const INSTANCES = 300;
const BATCH = 10;
const CLIENTS = 4;
/** The server is killed as soon as this many batches have been acknowledged. */
const KILL_AFTER = 15;

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function referencedUids(body: Record<string, unknown>): string[] {
  const items = (body['00081199'] as { Value?: Record<string, { Value?: string[] }>[] } | undefined)?.Value ?? [];
  return items.map((item) => String(item['00081155'].Value?.[0]));
}

describe('crash during ingest', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-crash-'));
  });
  afterAll(() => {
    server?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Two server starts and 300 instances: a generous limit for a loaded 2-core machine (nothing here is timed).
  it('SIGKILL right after the 15th acknowledged STOW-RS batch of 30 (4 clients) loses no acknowledged instance and leaves no half-written image set', async () => {
    const instances = [...numberedInstances({ count: INSTANCES, studies: 5 })];
    const bySop = new Map(instances.map((i) => [i.sopInstanceUid, i]));
    const batches = chunk(instances, BATCH);
    const env = { TRIAGE_DATA_DIR: dataDir, TRIAGE_SAMPLES: '0', TRIAGE_ADMIN_TOKEN: TOKEN, TRIAGE_CODEC_WORKERS: '1' };
    server = await startServer(env);
    const running = server;

    // Several clients ingest at once. The kill point is the test's: the moment the KILL_AFTER-th
    // answer has been read, in the same tick, with the other clients' uploads in flight. Answers
    // read after that are not counted as acknowledged (the test no longer listens).
    const acknowledged = new Set<string>();
    let answers = 0;
    let cutOff = 0;
    let killed = false;
    let next = 0;
    const client = async () => {
      while (!killed && next < batches.length) {
        const batch = batches[next++];
        try {
          const answer = await stow(running.url, TOKEN, batch);
          if (killed) return;
          expect(answer.status).toBe(200);
          expect(referencedUids(answer.body)).toEqual(batch.map((i) => i.sopInstanceUid));
          for (const uid of referencedUids(answer.body)) acknowledged.add(uid);
          if (++answers === KILL_AFTER) {
            killed = true;
            running.child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
          cutOff++; // in flight when the server died: not acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect(await running.exited).toBe('SIGKILL');
    expect(acknowledged.size).toBe(KILL_AFTER * BATCH);

    // Straight after the crash: every acknowledged instance is there, bit-exact, and nothing is half-written.
    const afterCrash = await verifyStore(
      dataDir,
      [...acknowledged].map((uid) => bySop.get(uid) as SyntheticInstance),
    );
    expect(afterCrash.mismatches).toEqual([]);
    expect(afterCrash.problems).toEqual([]);
    // Whatever else was stored (in flight at the kill) is whole too, and only what was sent.
    expect(afterCrash.listed.every((uid) => bySop.has(uid))).toBe(true);

    // Restart and finish: the rest is stored, an acknowledged batch again changes nothing.
    server = await startServer(env);
    const rest: SyntheticInstance[] = instances.filter((i) => !acknowledged.has(i.sopInstanceUid));
    const again = instances.filter((i) => acknowledged.has(i.sopInstanceUid)).slice(0, BATCH);
    for (const batch of [...chunk(rest, BATCH), again]) {
      const answer = await stow(server.url, TOKEN, batch);
      expect(answer.status).toBe(200);
      expect(referencedUids(answer.body)).toEqual(batch.map((i) => i.sopInstanceUid));
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = undefined;

    const final = await verifyStore(dataDir, instances);
    expect(final.mismatches).toEqual([]);
    expect(final.problems).toEqual([]);
    expect(final.listed.sort()).toEqual(instances.map((i) => i.sopInstanceUid).sort());
    // Logged for whoever reads the test output: how hard the kill hit.
    process.stdout.write(`crash test: ${acknowledged.size} acknowledged before SIGKILL, ${cutOff} uploads cut off\n`);
  }, 240_000);
});
