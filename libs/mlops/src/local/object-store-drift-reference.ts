import { DRIFT_REFERENCE_FILE, parseDriftReference } from '@triage/monitoring';
import type { ObjectStore } from '@triage/pipeline';
import type { DriftReferenceReader } from '../ports/model-monitor';

/**
 * Reads drift-reference.json beside the evaluationUri in the object store (local files or S3),
 * checked by libs/monitoring; undefined when the version has none.
 */
export function objectStoreDriftReference(objectStore: Pick<ObjectStore, 'getObject'>): DriftReferenceReader {
  return async (evaluationUri) => {
    const uri = `${evaluationUri.slice(0, evaluationUri.lastIndexOf('/') + 1)}${DRIFT_REFERENCE_FILE}`;
    let text: string;
    try {
      text = (await objectStore.getObject(uri)).toString('utf8');
    } catch (error) {
      if ((error as Error).name === 'NoSuchKeyError') return undefined;
      throw error;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Error(`${uri}: not a drift reference: ${(error as Error).message}`);
    }
    return parseDriftReference(value, uri);
  };
}
