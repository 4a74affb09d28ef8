import { Value } from '@sinclair/typebox/value';
import { LabelOrigin, type TriageEvent, type TransactionalOutbox } from '@triage/events';
import { CatalogError } from '../../catalog-error';
import type { Finding, LabelVersion, SetLabelInput } from '../../catalog';
import { checkFinding } from '../../findings/check-findings';
import { checkLabelKey, checkNote, checkUid } from '../../labels/check-label-input';
import { labelEvents } from '../../labels/label-events';
import { nextLabelVersion } from '../../labels/next-label-version';
import { latestPrediction } from '../predictions/prediction-rows';
import type { CatalogDb } from '../storage/open-catalog-db';
import { refreshDerived } from '../worklist/worklist-rows';
import { currentLabel, insertLabel } from './label-rows';

/** What writing a label needs from the catalog. */
export interface LabelWriter {
  db: CatalogDb;
  findings: readonly Finding[];
  outbox?: TransactionalOutbox;
  now: () => Date;
}

/** Refuses a label input before any transaction starts: unknown finding, bad key or UID, bad origin, bad expected version. */
export function checkSetLabelInput(findings: readonly Finding[], input: SetLabelInput): void {
  checkLabelKey(input.key);
  checkUid('studyInstanceUid', input.studyInstanceUid);
  checkFinding(findings, input.finding);
  checkNote(input.note);
  if (!Value.Check(LabelOrigin, input.origin))
    throw new CatalogError(
      'ValidationException',
      'origin must be { kind: "clinician", principal, role }, { kind: "import", source } or { kind: "model", modelVersion }',
    );
  const expected = input.expectedVersion;
  if (expected !== undefined && (!Number.isInteger(expected) || expected < 0))
    throw new CatalogError('ValidationException', `expectedVersion must be a non-negative integer, got ${JSON.stringify(expected)}`);
}

/**
 * Writes the key's next label version and its events in one transaction: LabelChanged always,
 * ImageVerified too when a clinician set it. A stale `expectedVersion` writes nothing.
 */
export function writeLabel(w: LabelWriter, input: SetLabelInput): { label: LabelVersion; events: TriageEvent[] } {
  checkSetLabelInput(w.findings, input);
  const key = { ...input.key };
  if (key.sopInstanceUid === undefined) delete key.sopInstanceUid;
  return w.db
    .transaction(() => {
      const previous = currentLabel(w.db, key);
      const setAt = w.now();
      const { label, outcome } = nextLabelVersion(
        input,
        key,
        { current: previous?.version ?? 0, previous, prediction: latestPrediction(w.db, key) },
        setAt,
      );
      insertLabel(w.db, label, outcome?.modelVersion);
      if (key.sopInstanceUid === undefined) refreshDerived(w.db, key.datastoreId, key.imageSetId);
      const events = w.outbox ? w.outbox.append(w.db, labelEvents(label, previous, outcome, setAt)) : [];
      return { label, events };
    })
    .immediate();
}
