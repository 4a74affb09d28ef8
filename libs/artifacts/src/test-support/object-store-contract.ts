import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { streamHash } from '../content-hash';
import { NoSuchKeyError } from '../no-such-key-error';
import type { ObjectStore } from '../object-store';
import { pseudoRandomChunks, pseudoRandomSha256, pseudoRandomStream, SEED } from './object-store-fixtures';

/** A store under test over an existing, empty bucket. */
export interface ObjectStoreUnderTest {
  store: ObjectStore;
  bucket: string;
  close(): Promise<void>;
}

/**
 * The content hashes of the seed, computed by libs/pipeline's LocalObjectStore before the port
 * existed: every implementation must give exactly these (the pipeline's step cache keys).
 */
export const SEED_HASHES: [uri: string, hash: string][] = [
  ['models/a', '1995245be12d33c3b1497c38e1d69118a198cc7dd6f037e87e8fd609d6c136c2'],
  ['models/a/model.json', '971fbd320faecb0acfdf10d4680ee571494c956ec15e8b13fe0be395f9db7a6b'],
  ['models/a/weights/group1-shard2of2.bin', '451ea2d4a7611531cef92f96ba4bd6b014c800175423e0dc361138c7b209cb68'],
  ['models', '71bd869d3f0c3bffe4b7e8f93cc0efeec49665d40c192bc39959903c85d8cf9e'],
  ['', 'f916e05e97e169d191a44e1a2dc1e6d554bb7009d7017ba922d2ccf38d7f2180'],
  ['missing', '5ad38304b535c2987dbd24657c1a11b884984ff600d9f389deb0d4e634fee792'],
];

/** What reading a URI of the seed gives: its bytes, or NoSuchKey (a prefix is not an object). */
const READS: [key: string, outcome: string | Buffer | 'NoSuchKey'][] = [
  ['models/a/model.json', SEED['models/a/model.json']],
  ['models/a/weights/group1-shard1of2.bin', SEED['models/a/weights/group1-shard1of2.bin']],
  ['models/a/weights/group1-shard2of2.bin', Buffer.alloc(0)],
  ['models/a', 'NoSuchKey'],
  ['models/a/', 'NoSuchKey'],
  ['models/a/model', 'NoSuchKey'],
  ['models/missing.json', 'NoSuchKey'],
  ['models/ab.txt/inside', 'NoSuchKey'],
];

/** Whether a URI of the seed exists (an object, or a prefix with at least one object under it). */
const EXISTS: [key: string, exists: boolean][] = [
  ['models/a/model.json', true],
  ['models/a', true],
  ['models/a/', true],
  ['models/a/weights', true],
  ['models', true],
  ['', true],
  ['models/a/mod', false],
  ['models/a/model.json/x', false],
  ['missing', false],
];

/** What listing a URI of the seed gives: the object itself, or the objects under it as a folder (never a sibling sharing the name's start). */
const LISTS: [key: string, keys: string[]][] = [
  ['models/a', ['models/a/model.json', 'models/a/weights/group1-shard1of2.bin', 'models/a/weights/group1-shard2of2.bin']],
  ['models/a/model.json', ['models/a/model.json']],
  ['models', ['models/a/model.json', 'models/a/weights/group1-shard1of2.bin', 'models/a/weights/group1-shard2of2.bin', 'models/ab.txt']],
  ['', [...Object.keys(SEED)].sort()],
  ['models/a/mod', []],
  ['missing', []],
];

const bytesOf = (value: string | Buffer): Buffer => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value);

/**
 * The ObjectStore contract: every implementation passes it (LocalObjectStore on a temporary folder,
 * S3ObjectStore on s3rver). `start` gives a store over an empty bucket; the suite seeds it once.
 */
export function describeObjectStoreContract(name: string, start: () => Promise<ObjectStoreUnderTest>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let t: ObjectStoreUnderTest;
    let dir: string;
    const uri = (key: string) => (key ? `s3://${t.bucket}/${key}` : `s3://${t.bucket}`);

    beforeAll(async () => {
      t = await start();
      for (const [key, body] of Object.entries(SEED)) await t.store.putObject(uri(key), body);
    });
    afterAll(() => t.close());
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-contract-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it.each(READS)('getObject and getObjectStream of %s', async (key, outcome) => {
      if (outcome === 'NoSuchKey') {
        const refusal = { name: 'NoSuchKeyError', code: 'NoSuchKey', uri: uri(key), message: `${uri(key)}: no such object` };
        await expect(t.store.getObject(uri(key))).rejects.toMatchObject(refusal);
        await expect(t.store.getObjectStream(uri(key))).rejects.toBeInstanceOf(NoSuchKeyError);
        return;
      }
      expect(await t.store.getObject(uri(key))).toEqual(bytesOf(outcome));
      expect(Buffer.concat(await (await t.store.getObjectStream(uri(key))).toArray())).toEqual(bytesOf(outcome));
    });

    it('exists: objects and non-empty prefixes, never a partial name', async () => {
      const seen = await Promise.all(EXISTS.map(async ([key]) => [key, await t.store.exists(uri(key))]));
      expect(seen).toEqual(EXISTS);
    });

    it('list: the object itself or the objects under the prefix, sorted, with sizes', async () => {
      const seen = await Promise.all(LISTS.map(async ([key]) => [key, (await t.store.list(uri(key))).map((o) => o.key)]));
      expect(seen).toEqual(LISTS);
      expect(await t.store.list(uri('models/a'))).toEqual([
        { key: 'models/a/model.json', size: 25 },
        { key: 'models/a/weights/group1-shard1of2.bin', size: 300 },
        { key: 'models/a/weights/group1-shard2of2.bin', size: 0 },
      ]);
    });

    it('contentHash: the hashes the local store always made, and the same content under another prefix hashes the same', async () => {
      const seen = await Promise.all(SEED_HASHES.map(async ([key]) => [key, await t.store.contentHash(uri(key))]));
      expect(seen).toEqual(SEED_HASHES);
      expect(await t.store.copyIn(uri('models/a'), dir)).toBe(3);
      expect(await t.store.copyOut(dir, uri('copies/a'))).toBe(3);
      expect(await t.store.contentHash(uri('copies/a'))).toBe(SEED_HASHES[0][1]);
      await t.store.putObject(uri('copies/a/model.json'), '{"format":"changed"}');
      expect(await t.store.contentHash(uri('copies/a'))).not.toBe(SEED_HASHES[0][1]);
      await t.store.removePrefix(uri('copies'));
    });

    it('putObject: strings, bytes and streams round trip; a second put replaces the object', async () => {
      const bodies: [key: string, body: string | Uint8Array | (() => Readable), expected: Buffer][] = [
        ['put/text.txt', 'héllo', Buffer.from('héllo', 'utf8')],
        ['put/bytes.bin', new Uint8Array([0, 255, 1, 254]), Buffer.from([0, 255, 1, 254])],
        ['put/empty.bin', '', Buffer.alloc(0)],
        ['put/stream.bin', () => Readable.from([Buffer.from('ab'), Buffer.from('cd')]), Buffer.from('abcd')],
        ['put/empty-stream.bin', () => Readable.from([]), Buffer.alloc(0)],
      ];
      for (const [key, body] of bodies) await t.store.putObject(uri(key), typeof body === 'function' ? body() : body);
      const read = await Promise.all(bodies.map(async ([key]) => [key, await t.store.getObject(uri(key))]));
      expect(read).toEqual(bodies.map(([key, , expected]) => [key, expected]));
      await t.store.putObject(uri('put/text.txt'), 'replaced');
      expect((await t.store.getObject(uri('put/text.txt'))).toString('utf8')).toBe('replaced');
      await t.store.removePrefix(uri('put'));
    });

    it('a 20 MB body through streams: written from a stream, read back as a stream, byte for byte', async () => {
      const size = 20_000_000;
      await t.store.putObject(uri('large/model.bin'), pseudoRandomStream(size));
      expect(await t.store.list(uri('large'))).toEqual([{ key: 'large/model.bin', size }]);
      expect(await streamHash(await t.store.getObjectStream(uri('large/model.bin')))).toBe(pseudoRandomSha256(size));
      const file = path.join(dir, 'model.bin');
      fs.writeFileSync(file, Buffer.concat([...pseudoRandomChunks(size, 7)]));
      await t.store.putFile(file, uri('large/from-file.bin'));
      expect(
        createHash('sha256')
          .update(await t.store.getObject(uri('large/from-file.bin')))
          .digest('hex'),
      ).toBe(pseudoRandomSha256(size, 7));
      await t.store.removePrefix(uri('large'));
    });

    it('a reader never sees half an object: while a put streams, the old object (or none) is what reads give', async () => {
      await t.store.putObject(uri('atomic/model.bin'), 'old');
      const body = new PassThrough();
      const put = t.store.putObject(uri('atomic/model.bin'), body);
      const put2 = t.store.putObject(uri('atomic/new.bin'), pseudoRandomStream(1)); // keeps the event loop turning the uploads
      for (const chunk of pseudoRandomChunks(12 * 1024 * 1024)) body.write(chunk);
      await put2;
      expect((await t.store.getObject(uri('atomic/model.bin'))).toString('utf8')).toBe('old');
      expect((await t.store.list(uri('atomic'))).map((o) => o.key)).toEqual(['atomic/model.bin', 'atomic/new.bin']);
      body.end();
      await put;
      expect(await t.store.list(uri('atomic/model.bin'))).toEqual([{ key: 'atomic/model.bin', size: 12 * 1024 * 1024 }]);
      await t.store.removePrefix(uri('atomic'));
    });

    it('a stream that fails mid-put (past the first part) rejects, and the old object stands', async () => {
      await t.store.putObject(uri('failing/model.bin'), 'old');
      const chunks = pseudoRandomChunks(6 * 1024 * 1024);
      const failing = new Readable({
        read() {
          const next = chunks.next();
          if (next.done) this.destroy(new Error('source went away'));
          else this.push(next.value);
        },
      });
      await expect(t.store.putObject(uri('failing/model.bin'), failing)).rejects.toThrow('source went away');
      expect((await t.store.getObject(uri('failing/model.bin'))).toString('utf8')).toBe('old');
      await t.store.removePrefix(uri('failing'));
    });

    it('copyIn and copyOut: an object lands as dir/<name>, a prefix keeps relative paths; nothing there is NoSuchKey', async () => {
      expect(await t.store.copyIn(uri('models/a/model.json'), path.join(dir, 'one'))).toBe(1);
      expect(fs.readdirSync(path.join(dir, 'one'))).toEqual(['model.json']);
      expect(await t.store.copyIn(uri('models/a'), path.join(dir, 'all'))).toBe(3);
      expect(fs.readFileSync(path.join(dir, 'all', 'weights', 'group1-shard1of2.bin'))).toEqual(
        SEED['models/a/weights/group1-shard1of2.bin'],
      );
      await expect(t.store.copyIn(uri('models/nothing'), path.join(dir, 'none'))).rejects.toMatchObject({
        name: 'NoSuchKeyError',
        message: `${uri('models/nothing')}: no such object or prefix`,
      });
      expect(await t.store.copyOut(path.join(dir, 'all'), uri('out'))).toBe(3);
      expect((await t.store.list(uri('out'))).map((o) => o.key)).toEqual([
        'out/model.json',
        'out/weights/group1-shard1of2.bin',
        'out/weights/group1-shard2of2.bin',
      ]);
      expect(await t.store.copyOut(path.join(dir, 'no-such-folder'), uri('out2'))).toBe(0);
      await t.store.removePrefix(uri('out'));
    });

    it('removePrefix: an object, or everything under a prefix and nothing beside it; nothing there is fine', async () => {
      for (const key of ['rm/a/1', 'rm/a/2/3', 'rm/ab', 'rm/one']) await t.store.putObject(uri(key), key);
      await t.store.removePrefix(uri('rm/a'));
      await t.store.removePrefix(uri('rm/one'));
      await t.store.removePrefix(uri('rm/never-there'));
      expect((await t.store.list(uri('rm'))).map((o) => o.key)).toEqual(['rm/ab']);
      expect(await t.store.exists(uri('rm/a'))).toBe(false);
      await t.store.removePrefix(uri('rm'));
      expect(await t.store.exists(uri('rm'))).toBe(false);
    });

    it('lists a prefix of many objects whole (S3 pages them)', async () => {
      const keys = Array.from({ length: 7 }, (_, i) => `many/${String(i).padStart(2, '0')}.json`);
      for (const key of keys) await t.store.putObject(uri(key), '{}');
      expect((await t.store.list(uri('many'))).map((o) => o.key)).toEqual(keys);
      await t.store.removePrefix(uri('many'));
      expect(await t.store.list(uri('many'))).toEqual([]);
    });
  });
}
