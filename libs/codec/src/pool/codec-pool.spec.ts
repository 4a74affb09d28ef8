import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TransferSyntax } from '@triage/dicom';
import { decodeFrame } from '../decode/decode-frame';
import { encodeHtj2k } from '../encode/encode-htj2k';
import { CodecError } from '../errors/codec-error';
import { infoOf, syntheticFrame } from '../test-support/synthetic';
import { CodecPool } from './codec-pool';

const RPCL = TransferSyntax.HTJ2KLosslessRPCL;

describe('CodecPool', () => {
  let pool: CodecPool;
  beforeAll(() => {
    pool = new CodecPool({ size: 2 });
  });
  afterAll(() => pool.close());

  test('sizes itself to the cores by default', () => {
    expect(new CodecPool().size).toBe(os.availableParallelism());
  });

  test('encodes and decodes many frames concurrently, matching the sync API', async () => {
    const frames = Array.from({ length: 8 }, (_, i) =>
      syntheticFrame({
        rows: 64,
        columns: 48,
        samplesPerPixel: i % 2 ? 3 : 1,
        bitsStored: i % 3 ? 12 : 8,
        signed: i % 2 === 0,
        pattern: 'gradient',
        seed: i,
      }),
    );
    const encoded = await Promise.all(frames.map((f) => pool.encodeHtj2k({ ...f, pixels: f.pixels.slice() })));
    encoded.forEach((bytes, i) => expect(Buffer.from(bytes).equals(Buffer.from(encodeHtj2k(frames[i])))).toBe(true));
    const decoded = await Promise.all(encoded.map((bytes, i) => pool.decode(RPCL, bytes, infoOf(frames[i]))));
    decoded.forEach((d, i) => expect(Buffer.from(d.pixels).equals(Buffer.from(frames[i].pixels))).toBe(true));
  });

  test('moves the input buffer to the worker when the caller owns it whole, copies a view into a larger one', async () => {
    const frame = syntheticFrame({ rows: 16, columns: 16, samplesPerPixel: 1, bitsStored: 16, signed: false, pattern: 'random' });
    const encoded = encodeHtj2k(frame);
    const owned = encoded.slice();
    await pool.decode(RPCL, owned, infoOf(frame));
    expect(owned.byteLength).toBe(0); // transferred, not copied
    const big = new Uint8Array(encoded.length + 10);
    big.set(encoded, 5);
    const view = big.subarray(5, 5 + encoded.length);
    const result = await pool.decode(RPCL, view, infoOf(frame));
    expect(big.byteLength).toBe(encoded.length + 10);
    expect(Buffer.from(result.pixels).equals(Buffer.from(decodeFrame(RPCL, encoded, infoOf(frame)).pixels))).toBe(true);
  });

  test('a codec error comes back as a rejected CodecError with its message intact', async () => {
    const info = infoOf(syntheticFrame({ rows: 4, columns: 4, samplesPerPixel: 1, bitsStored: 8, signed: false, pattern: 'random' }));
    const failure = pool.decode(TransferSyntax.RLELossless, new Uint8Array(10), info);
    await expect(failure).rejects.toBeInstanceOf(CodecError);
    await expect(pool.decode(TransferSyntax.RLELossless, new Uint8Array(10), info)).rejects.toThrow(
      'rle: frame is 10 bytes, shorter than the 64-byte RLE header',
    );
    // The worker is still serving.
    const frame = syntheticFrame({ rows: 8, columns: 8, samplesPerPixel: 1, bitsStored: 8, signed: false, pattern: 'random' });
    await expect(pool.encodeHtj2k(frame)).resolves.toBeInstanceOf(Uint8Array);
  });

  test('refuses work beyond its queue bound', async () => {
    const small = new CodecPool({ size: 1, maxQueue: 1 });
    const frame = syntheticFrame({ rows: 256, columns: 256, samplesPerPixel: 1, bitsStored: 16, signed: false, pattern: 'random' });
    const jobs = [
      small.encodeHtj2k({ ...frame, pixels: frame.pixels.slice() }),
      small.encodeHtj2k({ ...frame, pixels: frame.pixels.slice() }),
    ];
    await expect(small.encodeHtj2k({ ...frame, pixels: frame.pixels.slice() })).rejects.toThrow(/queue is full/);
    await Promise.all(jobs);
    await small.close();
  });

  test('close lets accepted jobs finish, then refuses new ones', async () => {
    const closing = new CodecPool({ size: 1 });
    const frame = syntheticFrame({ rows: 32, columns: 32, samplesPerPixel: 1, bitsStored: 8, signed: false, pattern: 'random' });
    const job = closing.encodeHtj2k(frame);
    const closed = closing.close();
    await expect(job).resolves.toBeInstanceOf(Uint8Array);
    await closed;
    await expect(closing.encodeHtj2k(frame)).rejects.toThrow(/closed/);
  });

  test('a crashed worker fails its job and is replaced', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codec-pool-'));
    const script = path.join(dir, 'crashy-worker.js');
    // A stand-in worker speaking the pool's protocol: dies on a job for syntax "crash".
    fs.writeFileSync(
      script,
      `
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', (m) => {
        if (m.transferSyntaxUid === 'crash') process.exit(3);
        parentPort.postMessage({ id: m.id, ok: true, result: m.bytes });
      });`,
    );
    const crashy = new CodecPool({ size: 1, workerPath: script });
    const info = infoOf(syntheticFrame({ rows: 1, columns: 1, samplesPerPixel: 1, bitsStored: 8, signed: false, pattern: 'random' }));
    await expect(crashy.decode('crash', new Uint8Array(1), info)).rejects.toThrow(/codec worker crashed: codec worker exited with code 3/);
    await expect(crashy.decode('fine', Uint8Array.from([42]), info)).resolves.toEqual(Uint8Array.from([42]));
    await crashy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
