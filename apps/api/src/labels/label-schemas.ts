import { Type, type Static } from '@fastify/type-provider-typebox';
import { HealthImagingIdParam, UID_PATTERN } from '../app/path-params';
import { LabelVersionSchema, PredictionSchema } from '../worklist/worklist-schemas';

const SopInstanceUid = Type.String({
  pattern: UID_PATTERN,
  minLength: 1,
  maxLength: 64,
  description: "an instance of the image set, for that instance's own label",
});

export const LabelParams = Type.Object({ imageSetId: HealthImagingIdParam });
export type LabelParams = Static<typeof LabelParams>;

export const LabelQuery = Type.Object({ sopInstanceUid: Type.Optional(SopInstanceUid) }, { additionalProperties: false });
export type LabelQuery = Static<typeof LabelQuery>;

/** GET's answer: the configured findings, the current label, its history (newest first), the prediction and the verification state. */
export const LabelAnswer = Type.Object(
  {
    findings: Type.Array(Type.String()),
    current: Type.Optional(LabelVersionSchema),
    history: Type.Array(LabelVersionSchema),
    prediction: Type.Optional(PredictionSchema),
    verification: Type.Union([Type.Literal('unverified'), Type.Literal('confirmed'), Type.Literal('corrected')]),
  },
  { additionalProperties: false },
);

/** PUT's body: the finding, an optional note, the version the clinician saw (0: none), and the instance when labelling one. */
export const LabelChange = Type.Object(
  {
    finding: Type.String({ minLength: 1, maxLength: 64 }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    expectedVersion: Type.Integer({ minimum: 0, description: 'the current version the clinician saw; 0 when there was none' }),
    sopInstanceUid: Type.Optional(SopInstanceUid),
  },
  { additionalProperties: false },
);
export type LabelChange = Static<typeof LabelChange>;
