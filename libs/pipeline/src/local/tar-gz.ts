import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { listFiles } from './local-object-store';

// SageMaker hands a training job's /opt/ml/model on as model.tar.gz. No tar package is a declared
// dependency of this lib, and ustar's regular files are all a model folder holds: this is that subset.

const BLOCK = 512;

/** Packs every regular file of a folder into a gzipped ustar archive (mtime 0, mode 0644: the same folder gives the same bytes). */
export async function packTarGz(dir: string, file: string): Promise<void> {
  const entries = listFiles(dir);
  async function* blocks(): AsyncGenerator<Buffer> {
    for (const relative of entries) {
      const body = await fs.promises.readFile(path.join(dir, relative));
      yield header(relative, body.length);
      yield body;
      const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
      if (pad > 0) yield Buffer.alloc(pad);
    }
    yield Buffer.alloc(BLOCK * 2);
  }
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await pipeline(Readable.from(blocks()), zlib.createGzip(), fs.createWriteStream(file));
}

/** Unpacks a gzipped ustar archive's regular files into a folder (paths that would leave it are refused). */
export async function unpackTarGz(file: string, dir: string): Promise<string[]> {
  const data = zlib.gunzipSync(await fs.promises.readFile(file));
  const written: string[] = [];
  for (let offset = 0; offset + BLOCK <= data.length;) {
    const block = data.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) break;
    const name = field(block, 0, 100);
    const prefix = field(block, 345, 155);
    const size = parseInt(field(block, 124, 12) || '0', 8);
    const type = String.fromCharCode(block[156] || 0x30);
    const relative = prefix ? `${prefix}/${name}` : name;
    offset += BLOCK;
    if (type === '0') {
      const target = path.resolve(dir, relative);
      if (!target.startsWith(path.resolve(dir) + path.sep)) throw new Error(`${file}: entry ${relative} leaves the folder`);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(target, data.subarray(offset, offset + size));
      written.push(relative);
    }
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  return written;
}

function header(relative: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let name = relative;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = relative.lastIndexOf('/', relative.length - 1);
    prefix = relative.slice(0, cut);
    name = relative.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`${relative}: too long a path for ustar`);
  }
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'ascii');
  block.write('0000000\0', 108, 'ascii');
  block.write('0000000\0', 116, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  block.write('00000000000\0', 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw
    .subarray(0, end < 0 ? length : end)
    .toString('utf8')
    .trim();
}
