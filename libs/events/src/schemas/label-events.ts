import { Type, type Static } from '@sinclair/typebox';

const ResourceId = Type.String({ minLength: 1, maxLength: 64 });
const Uid = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9.]+$' });

/** Where a label came from: a clinician (verified by a person), an import (labels that came with the data), or a model version. */
export const LabelOrigin = Type.Union([
  Type.Object(
    { kind: Type.Literal('clinician'), principal: Type.String({ minLength: 1 }), role: Type.String({ minLength: 1 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('import'), source: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('model'), modelVersion: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
]);
export type LabelOrigin = Static<typeof LabelOrigin>;

const LabelFields = {
  datastoreId: ResourceId,
  imageSetId: ResourceId,
  studyInstanceUid: Uid,
  /** Set when the label is for one instance of a study that holds several images. */
  sopInstanceUid: Type.Optional(Uid),
  finding: Type.String({ minLength: 1, maxLength: 64 }),
  /** The finding this label replaced; absent for the first label. */
  previousFinding: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** 1 for the first label of the key, then +1 per change (history is never overwritten). */
  labelVersion: Type.Integer({ minimum: 1 }),
  origin: LabelOrigin,
};

/** LabelChanged: any new label version, whoever set it. */
export const LabelChangedDetail = Type.Object(LabelFields, { additionalProperties: false });
export type LabelChangedDetail = Static<typeof LabelChangedDetail>;

/** ImageVerified: a clinician confirmed or corrected the finding; the retraining trigger counts these. */
export const ImageVerifiedDetail = Type.Object(
  {
    ...LabelFields,
    /** `confirmed`: the clinician agreed with the finding shown (the model's or the previous label); `corrected`: set another. */
    verification: Type.Union([Type.Literal('confirmed'), Type.Literal('corrected')]),
    /** The model version whose prediction was shown beside the label, when there was one. */
    modelVersion: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type ImageVerifiedDetail = Static<typeof ImageVerifiedDetail>;
