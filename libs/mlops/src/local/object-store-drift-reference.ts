import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DriftReference, DriftReferenceReader } from '../ports/model-monitor';

/** libs/monitoring's DRIFT_REFERENCE_FILE: the Evaluate step writes it beside evaluation.json. */
export const DRIFT_REFERENCE_FILE = 'drift-reference.json';

/** Reads drift-reference.json beside the evaluationUri in the local object store (`pathOf` maps s3:// to a file). */
export function objectStoreDriftReference(objectStore: { pathOf(uri: string): string }): DriftReferenceReader {
  return async (evaluationUri) => {
    const file = path.join(path.dirname(objectStore.pathOf(evaluationUri)), DRIFT_REFERENCE_FILE);
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const reference = JSON.parse(text) as DriftReference;
    if (reference.format !== 'triage-drift-reference/1')
      throw new Error(`${file}: not a triage drift reference (format ${String(reference.format)})`);
    return reference;
  };
}
