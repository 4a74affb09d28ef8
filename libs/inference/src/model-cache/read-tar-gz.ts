import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

// A model.tar.gz holds a handful of regular files. This lib is type:data and the pipeline's tar code
// sits in a feature lib, so this is the reading half on its own: ustar regular files, directories
// skipped, long names from pax (`path=`) or GNU (`L`) headers, paths that would leave `dir` refused.

const BLOCK = 512;
const gunzip = promisify(zlib.gunzip);

/** Unpacks a gzipped tar archive's regular files into `dir`; returns their paths relative to it. */
export async function unpackTarGzInto(file: string, dir: string): Promise<string[]> {
  const data = await gunzip(await fs.promises.readFile(file));
  const root = path.resolve(dir);
  const written: string[] = [];
  let longName: string | undefined;
  for (let offset = 0; offset + BLOCK <= data.length;) {
    const block = data.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) break;
    if (!checksumMatches(block)) throw new Error(`${file}: not a tar archive (bad header checksum at byte ${offset})`);
    const size = parseInt(field(block, 124, 12) || '0', 8);
    const type = String.fromCharCode(block[156] || 0x30);
    const prefix = field(block, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(block, 0, 100)}` : field(block, 0, 100));
    offset += BLOCK;
    const body = data.subarray(offset, offset + size);
    if (body.length < size) throw new Error(`${file}: truncated (entry ${name} needs ${size} bytes)`);
    offset += Math.ceil(size / BLOCK) * BLOCK;
    longName = undefined;
    if (type === 'x') longName = paxPath(body.toString('utf8'));
    else if (type === 'L') longName = body.toString('utf8').replace(/\0+$/, '');
    else if (type === '0' || type === '7') {
      const relative = path.posix.normalize(name.replace(/^\.\/+/, ''));
      const target = path.resolve(root, relative);
      if (!target.startsWith(root + path.sep)) throw new Error(`${file}: entry ${name} leaves the folder`);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(target, body);
      written.push(relative);
    }
  }
  return written;
}

function paxPath(records: string): string | undefined {
  for (const line of records.split('\n')) {
    const match = /^\d+ path=(.*)$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

function checksumMatches(block: Buffer): boolean {
  const stored = parseInt(field(block, 148, 8), 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i];
  return stored === sum;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw
    .subarray(0, end < 0 ? length : end)
    .toString('utf8')
    .trim();
}
