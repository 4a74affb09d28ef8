import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { GeneratedInstance } from '../types';

/** Called after each file is written. */
export type ProgressCallback = (written: number, instance: GeneratedInstance) => void;

/** One row of manifest.json: the identifiers and ground truth of a written file. */
export interface ManifestEntry {
  fileName: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  label?: string;
  truth: GeneratedInstance['truth'];
}

/**
 * Writes each instance to `dir` (created if missing) as it is generated, then `labels.csv` and
 * `manifest.json`. Every file is written to a temporary name and renamed, so a reader never sees
 * a half-written file. Returns the number of DICOM files written.
 */
export async function writeSamples(dir: string, instances: Iterable<GeneratedInstance>, onProgress?: ProgressCallback): Promise<number> {
  await mkdir(dir, { recursive: true });
  const entries: ManifestEntry[] = [];
  for (const instance of instances) {
    if (!/^[A-Za-z0-9._-]+$/.test(instance.fileName) || instance.fileName.startsWith('.')) {
      throw new Error(`refusing unsafe file name '${instance.fileName}'`);
    }
    await writeAtomically(path.join(dir, instance.fileName), instance.bytes);
    const { fileName, sopInstanceUid, studyInstanceUid, seriesInstanceUid, label, truth } = instance;
    entries.push({ fileName, sopInstanceUid, studyInstanceUid, seriesInstanceUid, ...(label ? { label } : {}), truth });
    onProgress?.(entries.length, instance);
  }
  await writeAtomically(path.join(dir, 'labels.csv'), Buffer.from(labelsCsv(entries)));
  await writeAtomically(
    path.join(dir, 'manifest.json'),
    Buffer.from(`${JSON.stringify({ generator: '@triage/sample-data', synthetic: true, instances: entries }, null, 2)}\n`),
  );
  return entries.length;
}

/** labels.csv: one row per file; `label` is empty for CT slices, `opacities` counts the drawn consolidations. */
export function labelsCsv(entries: ManifestEntry[]): string {
  const rows = ['file_name,label,opacities,study_instance_uid,series_instance_uid,sop_instance_uid'];
  for (const e of entries) {
    const opacities = e.truth.kind === 'chest' ? String(e.truth.opacities.length) : '';
    rows.push([e.fileName, e.label ?? '', opacities, e.studyInstanceUid, e.seriesInstanceUid, e.sopInstanceUid].join(','));
  }
  return `${rows.join('\n')}\n`;
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
