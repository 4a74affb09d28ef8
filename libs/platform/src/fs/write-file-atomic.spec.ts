import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from './write-file-atomic';

describe.each([
  ['writeFileAtomic', (target: string, data: string, options = {}) => writeFileAtomic(target, data, options)],
  ['writeFileAtomicSync', async (target: string, data: string, options = {}) => writeFileAtomicSync(target, data, options)],
])('%s', (_name, write) => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the whole file, creates missing folders, and leaves no temporary file beside it', async () => {
    const target = path.join(dir, 'a', 'b', 'file.json');
    await write(target, 'first');
    await write(target, 'second');
    expect(fs.readFileSync(target, 'utf8')).toBe('second');
    expect(fs.readdirSync(path.dirname(target))).toEqual(['file.json']);
  });

  it('writes with the requested mode, 0o644 by default', async () => {
    await write(path.join(dir, 'public'), 'x');
    await write(path.join(dir, 'secret'), 'x', { mode: 0o600 });
    expect(fs.statSync(path.join(dir, 'public')).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(fs.statSync(path.join(dir, 'secret')).mode & 0o777).toBe(0o600);
  });

  it('stages in tmpDir when given, and cleans it up when the rename fails', async () => {
    const tmpDir = path.join(dir, 'tmp');
    fs.mkdirSync(tmpDir);
    const target = path.join(dir, 'is-a-folder');
    fs.mkdirSync(path.join(target, 'child'), { recursive: true });
    await expect(write(target, 'x', { tmpDir })).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(fs.readdirSync(tmpDir)).toEqual([]);
    await write(path.join(dir, 'ok'), 'y', { tmpDir });
    expect(fs.readFileSync(path.join(dir, 'ok'), 'utf8')).toBe('y');
    expect(fs.readdirSync(tmpDir)).toEqual([]);
  });
});
