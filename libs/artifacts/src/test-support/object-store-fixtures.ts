import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** The objects every contract run starts with (keys under the bucket), chosen so a prefix and a sibling share a name start. */
export const SEED: Record<string, string | Buffer> = {
  'models/a/model.json': '{"format":"layers-model"}',
  'models/a/weights/group1-shard1of2.bin': Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256)),
  'models/a/weights/group1-shard2of2.bin': Buffer.alloc(0),
  'models/ab.txt': 'a sibling of models/a, not under it',
  'reports/2026/evaluation.json': '{"auc":0.91}',
};

/** Deterministic bytes (xorshift32), `total` of them in chunks of `chunk`: a large body that is cheap to regenerate and check. */
export function* pseudoRandomChunks(total: number, seed = 0x9e3779b9, chunk = 1024 * 1024): Generator<Buffer> {
  let state = seed >>> 0 || 1;
  for (let done = 0; done < total; done += chunk) {
    const out = Buffer.alloc(Math.min(chunk, total - done));
    for (let i = 0; i < out.length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      out[i] = state & 0xff;
    }
    yield out;
  }
}

/** {@link pseudoRandomChunks} as a stream. */
export function pseudoRandomStream(total: number, seed?: number): Readable {
  return Readable.from(pseudoRandomChunks(total, seed));
}

/** SHA-256 (hex) of {@link pseudoRandomChunks}. */
export function pseudoRandomSha256(total: number, seed?: number): string {
  const hash = createHash('sha256');
  for (const chunk of pseudoRandomChunks(total, seed)) hash.update(chunk);
  return hash.digest('hex');
}
