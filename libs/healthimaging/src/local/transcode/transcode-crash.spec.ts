import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeFrame } from '@triage/codec';
import { syntheticInstance } from '@triage/test-support';
import { backlogInstance } from '../test-support/crash-ingest-params';
import { tempStore } from '../test-support/temp-store';
import type { LocalHealthImaging } from '../local-health-imaging';

const root = path.resolve(__dirname, '../../../../..');
const COUNT = 16;
const FRAMES = COUNT * 2;

/** Runs the child until it acknowledged every instance and transcoded `flipped` frames of the backlog, then SIGKILLs it. */
function transcodeThenKill(dataDir: string, keep: boolean, flipped: number): Promise<{ acked: number[]; pendingAtKill: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@triage/source',
        '--import',
        'tsx',
        path.join(__dirname, '../test-support/transcode-until-killed.ts'),
        dataDir,
        String(COUNT),
        keep ? 'keep' : 'drop',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acked: number[] = [];
    let pendingAtKill = -1;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
        if (line.startsWith('pending ') && pendingAtKill < 0 && Number(line.slice(8)) <= FRAMES - flipped) {
          pendingAtKill = Number(line.slice(8));
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) =>
      signal === 'SIGKILL' ? resolve({ acked, pendingAtKill }) : reject(new Error(`child ended with ${code}: ${stderr}`)),
    );
  });
}

/** Every frame file under the data directory, counted by extension, and the frame ids with more than one file. */
function frameFiles(dataDir: string): { byExtension: Record<string, number>; doubled: string[] } {
  const byExtension: Record<string, number> = {};
  const perFrame = new Map<string, number>();
  for (const entry of fs.readdirSync(path.join(dataDir, 'datastores'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.parentPath.includes(`${path.sep}frames${path.sep}`)) continue;
    const [id, extension] = entry.name.split('.');
    byExtension[extension] = (byExtension[extension] ?? 0) + 1;
    if (extension !== 'orig') perFrame.set(id, (perFrame.get(id) ?? 0) + 1);
  }
  return { byExtension, doubled: [...perFrame].filter(([, n]) => n > 1).map(([id]) => id) };
}

/** For each acknowledged instance: whether each frame read now decodes to the pixels sent, and the syntax it came in. */
async function readBack(store: LocalHealthImaging, ds: string, acked: number[]): Promise<[number, string, boolean][]> {
  const rows: [number, string, boolean][] = [];
  for (const n of acked) {
    const options = backlogInstance(n);
    const sent = syntheticInstance(options).pixels;
    const found = await store.instanceFrames(ds, options.study, options.series, options.sop);
    if (!found) throw new Error(`instance ${n} not found`);
    for (const [i, id] of found.imageFrameIds.entries()) {
      const frame = await store.readFrame(ds, found.imageSetId, id);
      const pixels = decodeFrame(frame.transferSyntaxUid, frame.bytes, found.pixel).pixels;
      const size = sent.length / 2;
      rows.push([n, frame.transferSyntaxUid, Buffer.from(pixels).equals(sent.subarray(i * size, (i + 1) * size))]);
    }
  }
  return rows;
}

const HTJ2K = '1.2.840.10008.1.2.4.202';

describe('transcoding backlog across a SIGKILL', () => {
  it.each([
    ['dropped', false],
    ['kept', true],
  ])(
    'every acknowledged instance reads back bit-exact, the backlog finishes with one final file per frame, originals %s',
    async (_, keep) => {
      const { store: first, dataDir } = await tempStore();
      await first.close();
      const { acked, pendingAtKill } = await transcodeThenKill(dataDir, keep, 5);
      expect([acked.length, pendingAtKill > 0 && pendingAtKill < FRAMES]).toEqual([COUNT, true]);

      const { store, dispose } = await tempStore({ dataDir, transcode: 'paused', keepOriginals: keep });
      try {
        const ds = await store.ensureDatastore('crash');
        // Before the backlog resumes: every frame read is the pixels sent, whatever form it is in now.
        const before = await readBack(
          store,
          ds,
          acked.sort((a, b) => a - b),
        );
        expect(before.filter(([, , same]) => !same)).toEqual([]);
        expect(store.pendingTranscodes()).toBe(before.filter(([, ts]) => ts !== HTJ2K).length);

        store.resumeTranscoding();
        await store.transcodesSettled();
        expect(store.pendingTranscodes()).toBe(0);
        const after = await readBack(store, ds, acked);
        expect(after).toEqual(acked.flatMap((n) => [[n, HTJ2K, true] as const, [n, HTJ2K, true] as const]));
        const files = frameFiles(dataDir);
        expect(files).toEqual({ byExtension: keep ? { jph: FRAMES, orig: FRAMES } : { jph: FRAMES }, doubled: [] });
      } finally {
        await dispose();
      }
    },
  );

  it('replaces a final file a crash left before its flip, and drops originals whose flip committed once they are no longer kept', async () => {
    const { store, dataDir } = await tempStore({ transcode: 'paused', keepOriginals: true });
    const ds = await store.ensureDatastore('crash');
    for (let n = 0; n < 3; n++) {
      const options = backlogInstance(n);
      await store.storeInstance(ds, syntheticInstance(options).bytes);
    }
    // A crash between writing frame 1's final file and its flip: a (here damaged) .jph beside its original.
    const [orig] = fs
      .readdirSync(path.join(dataDir, 'datastores'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.orig'));
    fs.writeFileSync(path.join(orig.parentPath, orig.name.replace('.orig', '.jph')), 'half a codestream');
    await store.close();

    const kept = await tempStore({ dataDir, keepOriginals: true });
    await kept.store.transcodesSettled();
    expect(frameFiles(dataDir)).toEqual({ byExtension: { jph: 6, orig: 6 }, doubled: [] });
    const rows = await readBack(kept.store, ds, [0, 1, 2]);
    expect(rows.filter(([, ts, same]) => ts !== HTJ2K || !same)).toEqual([]);
    await kept.store.close();

    const { store: dropping, dispose } = await tempStore({ dataDir });
    try {
      expect(frameFiles(dataDir)).toEqual({ byExtension: { jph: 6 }, doubled: [] });
      expect((await readBack(dropping, ds, [0, 1, 2])).filter(([, ts, same]) => ts !== HTJ2K || !same)).toEqual([]);
    } finally {
      await dispose();
    }
  });
});
