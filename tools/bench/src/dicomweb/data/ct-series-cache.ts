import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateCtSeries } from '@triage/sample-data';

/** A generated CT series on disk: its identifiers and one Part 10 file per slice, in slice order. */
export interface CachedSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUids: string[];
  files: string[];
}

interface Manifest {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUids: string[];
}

/**
 * The 512×512 16-bit CT series `index` of `seed` with `slices` slices, generated once into `cacheDir`
 * (about 25 ms a slice) and read back on later runs. The manifest is written last, so a run cut short regenerates.
 */
export function cachedCtSeries(cacheDir: string, seed: string, index: number, slices: number, progress: (done: number) => void): CachedSeries {
  const dir = path.join(cacheDir, `ct-${seed}-${index}-${slices}`);
  const manifestPath = path.join(dir, 'manifest.json');
  const fileOf = (i: number): string => path.join(dir, `${String(i).padStart(4, '0')}.dcm`);
  if (!fs.existsSync(manifestPath)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const manifest: Manifest = { studyInstanceUid: '', seriesInstanceUid: '', sopInstanceUids: [] };
    for (const instance of generateCtSeries({ slices, seed, index })) {
      fs.writeFileSync(fileOf(manifest.sopInstanceUids.length), instance.bytes);
      manifest.studyInstanceUid = instance.studyInstanceUid;
      manifest.seriesInstanceUid = instance.seriesInstanceUid;
      manifest.sopInstanceUids.push(instance.sopInstanceUid);
      progress(manifest.sopInstanceUids.length);
    }
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  return { ...manifest, files: manifest.sopInstanceUids.map((_, i) => fileOf(i)) };
}
