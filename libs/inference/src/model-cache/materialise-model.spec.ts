import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { materialiseModel } from './materialise-model';

// Archives made by the system's tar (GNU tar: `./` entries, directory entries), as SageMaker's are.
describe('materialiseModel', () => {
  let dir: string;
  const at = (...p: string[]) => path.join(dir, ...p);
  const files = {
    'model.json': '{"modelTopology":{}}',
    'triage-model.json': '{"format":"triage-model/1"}',
    'group1-shard1of1.bin': 'weights',
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inference-materialise-'));
    fs.mkdirSync(at('model'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(at('model', name), text);
    execFileSync('tar', ['-czf', at('model.tar.gz'), '-C', at('model'), '.']);
    fs.mkdirSync(at('not-a-model'));
    fs.writeFileSync(at('not-a-model', 'model.json'), '{}');
    execFileSync('tar', ['-czf', at('not-a-model.tar.gz'), '-C', at('not-a-model'), '.']);
    fs.writeFileSync(at('corrupt.tar.gz'), Buffer.from('not gzip at all'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns a model folder as it is', async () => {
    await expect(materialiseModel(at('model'), at('cache'))).resolves.toBe(at('model'));
  });

  it('unpacks model.tar.gz once into cacheDir/<sha256 of the archive>/, even for callers at once', async () => {
    const hash = createHash('sha256')
      .update(fs.readFileSync(at('model.tar.gz')))
      .digest('hex');
    const folders = await Promise.all(Array.from({ length: 4 }, () => materialiseModel(at('model.tar.gz'), at('cache'))));
    expect(folders).toEqual(new Array(4).fill(at('cache', hash)));
    expect(fs.readdirSync(at('cache'))).toEqual([hash]);
    expect(Object.fromEntries(fs.readdirSync(folders[0]).map((f) => [f, fs.readFileSync(path.join(folders[0], f), 'utf8')]))).toEqual(
      files,
    );
    const unpackedAt = fs.statSync(path.join(folders[0], 'model.json')).mtimeMs;
    await expect(materialiseModel(at('model.tar.gz'), at('cache'))).resolves.toBe(at('cache', hash));
    expect(fs.statSync(path.join(folders[0], 'model.json')).mtimeMs).toBe(unpackedAt);
  });

  it.each([
    ['a missing path', 'missing.tar.gz', 'missing.tar.gz: no such model folder or archive'],
    ['a folder without triage-model.json', 'not-a-model', 'not-a-model: not a model (no triage-model.json)'],
    ['an archive without triage-model.json', 'not-a-model.tar.gz', 'not-a-model.tar.gz: not a model (no triage-model.json)'],
    ['a file that is not gzip', 'corrupt.tar.gz', 'incorrect header check'],
  ])('refuses %s, leaving nothing half-made in the cache', async (_name, file, message) => {
    await expect(materialiseModel(at(file), at('cache-refused'))).rejects.toThrow(message);
    expect(fs.existsSync(at('cache-refused')) ? fs.readdirSync(at('cache-refused')) : []).toEqual([]);
  });
});
