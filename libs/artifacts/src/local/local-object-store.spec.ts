import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describeObjectStoreContract } from '../test-support/object-store-contract';
import { LocalObjectStore } from './local-object-store';

describeObjectStoreContract('LocalObjectStore on a temporary folder', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-local-'));
  return { store: new LocalObjectStore(root), bucket: 'contract', close: async () => fs.rmSync(root, { recursive: true, force: true }) };
});

describe('LocalObjectStore beyond the port', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'artifacts-local-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('maps a URI to its file (pathOf) and answers exists without yielding (existsSync)', async () => {
    const store = new LocalObjectStore(root);
    await store.putObject('s3://bucket/a/b.json', '{}');
    expect(store.pathOf('s3://bucket/a/b.json')).toBe(path.join(root, 'bucket', 'a', 'b.json'));
    expect([store.existsSync('s3://bucket/a'), store.existsSync('s3://bucket/a/b.json'), store.existsSync('s3://bucket/c')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('an empty folder is absent: exists false, and the absent content hash (as on S3, where a prefix without objects is nothing)', async () => {
    const store = new LocalObjectStore(root);
    fs.mkdirSync(path.join(root, 'bucket', 'empty'), { recursive: true });
    expect(await store.exists('s3://bucket/empty')).toBe(false);
    expect(await store.contentHash('s3://bucket/empty')).toBe(await store.contentHash('s3://bucket/never'));
  });

  it('leaves no temporary file behind after a stream that fails mid-put', async () => {
    const store = new LocalObjectStore(root);
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('source went away'));
      },
    });
    await expect(store.putObject('s3://bucket/m.bin', failing)).rejects.toThrow('source went away');
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });
});
