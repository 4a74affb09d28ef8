import { createHash } from 'node:crypto';
import { seededRandom } from '@triage/test-support';
import { OPERATORS } from './operators';
import { Draw, mixSeed } from './random';

/** A corpus file a mutant starts from. */
export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

/** Mutant `index` of `seed`: its bytes, where they came from and what was done to them. */
export interface Mutant {
  seed: number;
  index: number;
  source: string;
  /** The operations in order, each in words with its offsets and values: enough to redo it by hand. */
  steps: string[];
  bytes: Uint8Array;
}

const NAMES = Object.keys(OPERATORS);

/**
 * Mutant `index` of `seed` over `sources`: a pure function of the three, so mutant 1234 of seed 7
 * is always the same bytes (`--only 1234` reproduces it). One to three operations, one most often.
 */
export function makeMutant(seed: number, index: number, sources: readonly SourceFile[]): Mutant {
  const draw = new Draw(seededRandom(mixSeed(seed, index)));
  const source = draw.pick(sources);
  const count = draw.chance(0.7) ? 1 : draw.int(2, 3);
  let bytes = source.bytes;
  const steps: string[] = [];
  for (let i = 0; i < count; i++) {
    const applied = (OPERATORS[draw.pick(NAMES)] as (typeof OPERATORS)[string])(bytes, draw);
    bytes = applied.bytes;
    steps.push(applied.recipe);
  }
  return { seed, index, source: source.name, steps, bytes };
}

/** `seed 7 #1234 CT_small.dcm: flip 120^0x3F; truncate 900/39206`: the printable recipe. */
export function recipe(mutant: Mutant): string {
  return `seed ${mutant.seed} #${mutant.index} ${mutant.source}: ${mutant.steps.join('; ')}`;
}

/** The file name a mutant is written under (`01234-CT_small.dcm`). */
export function mutantFileName(mutant: Mutant): string {
  return `${String(mutant.index).padStart(5, '0')}-${mutant.source}`;
}

/** SHA-256 of a mutant's bytes, in hex. */
export function mutantHash(mutant: Mutant): string {
  return createHash('sha256').update(mutant.bytes).digest('hex');
}
