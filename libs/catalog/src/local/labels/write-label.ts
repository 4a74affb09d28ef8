import { Value } from '@sinclair/typebox/value';
import { LabelOrigin, type TriageEvent, type TransactionalOutbox } from '@triage/events';
import { CatalogError } from '../../catalog-error';
import type { Finding, LabelVersion, SetLabelInput } from '../../catalog';
import { checkFinding } from '../../findings/check-findings';
import { checkLabelKey, checkNote, checkUid } from '../../labels/check-label-input';
import { verificationOf } from '../../labels/verification-of';
import { labelEvents } from '../../labels/label-events';
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
      const current = previous?.version ?? 0;
      if (input.expectedVersion !== undefined && input.expectedVersion !== current)
        throw new CatalogError(
          'ConflictException',
          `the label of image set ${key.imageSetId}${key.sopInstanceUid ? ` instance ${key.sopInstanceUid}` : ''} is at version ${current}, not ${input.expectedVersion}: someone else labelled it meanwhile`,
        );
      if (previous && previous.studyInstanceUid !== input.studyInstanceUid)
        throw new CatalogError(
          'ValidationException',
          `studyInstanceUid ${input.studyInstanceUid} is not the labelled study's (${previous.studyInstanceUid})`,
        );
      const prediction = latestPrediction(w.db, key);
      const outcome = input.origin.kind === 'clinician' ? verificationOf(input.finding, { prediction, previous }) : undefined;
      const setAt = w.now();
      const label: LabelVersion = {
        key,
        studyInstanceUid: input.studyInstanceUid,
        finding: input.finding,
        origin: input.origin,
        verified: outcome !== undefined,
        version: current + 1,
        setAt: setAt.toISOString(),
      };
      if (input.note !== undefined) label.note = input.note;
      if (outcome) label.verification = outcome.verification;
      insertLabel(w.db, label, outcome?.modelVersion);
      if (key.sopInstanceUid === undefined) refreshDerived(w.db, key.datastoreId, key.imageSetId);
      const events = w.outbox ? w.outbox.append(w.db, labelEvents(label, previous, outcome, setAt)) : [];
      return { label, events };
    })
    .immediate();
}
