import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusFiles } from '@triage/test-data';
import { instanceUids } from './dicom-elements';
import type { SourceFile } from './mutant';

/** The corpus split in two: files held out as originals (never mutated) and the files mutants come from. */
export interface Corpus {
  originals: SourceFile[];
  sources: SourceFile[];
}

/** How many corpus files are held out as originals. */
const HELD_OUT = 3;

/**
 * Reads the corpus (sorted by name, so the split and every mutant are the same on every machine
 * with the same corpus). Originals are files whose StudyInstanceUID no other file shares, spread
 * over the list: a mutant never lands in their study, so any change to them is the server's.
 */
export function loadCorpus(files: string[] = corpusFiles()): Corpus {
  const all = files.map((file) => ({ name: path.basename(file), bytes: new Uint8Array(fs.readFileSync(file)) }));
  const studies = all.map((f) => instanceUids(f.bytes).study);
  const unique = all.filter((_, i) => studies[i] && studies.filter((s) => s === studies[i]).length === 1);
  const step = Math.max(1, Math.floor(unique.length / HELD_OUT));
  const originals = unique.filter((_, i) => i % step === 0).slice(0, HELD_OUT);
  return { originals, sources: all.filter((f) => !originals.includes(f)) };
}
