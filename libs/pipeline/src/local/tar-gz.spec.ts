import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles } from './local-object-store';
import { packTarGz, unpackTarGz } from './tar-gz';

describe('packTarGz / unpackTarGz', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-tar-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('packs a model folder that tar itself lists and extracts byte for byte, the same folder to the same bytes', async () => {
    const model = path.join(dir, 'model');
    const longDir = `${'deep/'.repeat(25)}weights`;
    const files: Record<string, Buffer> = {
      'model.json': Buffer.from('{"format":"layers-model"}'),
      'group1-shard1of1.bin': Buffer.from(Array.from({ length: 1500 }, (_, i) => i % 251)),
      [`${longDir}/w.bin`]: Buffer.alloc(512, 7),
      'empty.txt': Buffer.alloc(0),
    };
    for (const [name, body] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(model, name)), { recursive: true });
      fs.writeFileSync(path.join(model, name), body);
    }
    await packTarGz(model, path.join(dir, 'a.tar.gz'));
    await packTarGz(model, path.join(dir, 'b.tar.gz'));
    expect(fs.readFileSync(path.join(dir, 'a.tar.gz')).equals(fs.readFileSync(path.join(dir, 'b.tar.gz')))).toBe(true);

    const sorted = Object.keys(files).sort();
    expect(
      execFileSync('tar', ['-tzf', path.join(dir, 'a.tar.gz')], { encoding: 'utf8' })
        .trim()
        .split('\n'),
    ).toEqual(sorted);
    const byTar = path.join(dir, 'by-tar');
    fs.mkdirSync(byTar);
    execFileSync('tar', ['-xzf', path.join(dir, 'a.tar.gz'), '-C', byTar]);
    const byUs = path.join(dir, 'by-us');
    expect(await unpackTarGz(path.join(dir, 'a.tar.gz'), byUs)).toEqual(sorted);
    for (const root of [byTar, byUs]) {
      expect(listFiles(root)).toEqual(sorted);
      for (const name of sorted) expect(fs.readFileSync(path.join(root, name)).equals(files[name])).toBe(true);
    }
  });
});
