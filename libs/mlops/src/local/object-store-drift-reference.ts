import * as fs from 'node:fs';
import * as path from 'node:path';
import { DRIFT_REFERENCE_FILE, readDriftReference } from '@triage/monitoring';
import type { DriftReferenceReader } from '../ports/model-monitor';

/**
 * Reads drift-reference.json beside the evaluationUri in the local object store (`pathOf` maps s3:// to a file), checked by
 * libs/monitoring; undefined when the version has none.
 */
export function objectStoreDriftReference(objectStore: { pathOf(uri: string): string }): DriftReferenceReader {
  return async (evaluationUri) => {
    const file = path.join(path.dirname(objectStore.pathOf(evaluationUri)), DRIFT_REFERENCE_FILE);
    return fs.existsSync(file) ? readDriftReference(file) : undefined;
  };
}
