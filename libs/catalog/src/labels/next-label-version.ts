import type { LabelKey, LabelVersion, Prediction, SetLabelInput } from '../catalog';
import { CatalogError } from '../catalog-error';
import { verificationOf, type VerificationOutcome } from './verification-of';

/** What a catalog read of the key before writing: its current label (and version), and its latest prediction. */
export interface LabelState {
  current: number;
  previous: LabelVersion | undefined;
  prediction: Prediction | undefined;
}

/**
 * The key's next label version from what is stored, the same in every catalog: a stale `expectedVersion` is a
 * ConflictException, another study than the labelled one a ValidationException; a clinician's label is verified,
 * confirming or correcting what was shown beside it.
 */
export function nextLabelVersion(
  input: SetLabelInput,
  key: LabelKey,
  state: LabelState,
  setAt: Date,
): { label: LabelVersion; outcome: VerificationOutcome | undefined } {
  const { current, previous, prediction } = state;
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
  const outcome = input.origin.kind === 'clinician' ? verificationOf(input.finding, { prediction, previous }) : undefined;
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
  return { label, outcome };
}
