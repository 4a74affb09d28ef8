import { Type, type Static } from '@sinclair/typebox';

const Arn = Type.String({ minLength: 1, maxLength: 2048 });
const GroupName = Type.String({ minLength: 1, maxLength: 63 });
const Actor = Type.Object(
  { principal: Type.String({ minLength: 1, maxLength: 256 }), role: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

/** ModelApproved (source `triage.models`): a version became Approved, by the pipeline's accuracy condition or by a person. */
export const ModelApprovedDetail = Type.Object(
  {
    groupName: GroupName,
    modelPackageArn: Arn,
    version: Type.Integer({ minimum: 1 }),
    /** `condition`: the pipeline registered it Approved (above the bar); `person`: someone approved it. */
    approvedBy: Type.Union([Type.Literal('condition'), Type.Literal('person')]),
    actor: Actor,
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
);
export type ModelApprovedDetail = Static<typeof ModelApprovedDetail>;

/** ModelPromoted (source `triage.models`): the version that scores new studies changed (a promotion or a rollback). */
export const ModelPromotedDetail = Type.Object(
  {
    groupName: GroupName,
    modelPackageArn: Arn,
    version: Type.Integer({ minimum: 1 }),
    /** The version that served before, when one did. */
    previousModelPackageArn: Type.Optional(Arn),
    change: Type.Union([Type.Literal('promoted'), Type.Literal('rolled-back')]),
    /** `policy`: the model-registry handler promoted it per the configured policy; `person`: someone did. */
    by: Type.Union([Type.Literal('policy'), Type.Literal('person')]),
    actor: Actor,
  },
  { additionalProperties: false },
);
export type ModelPromotedDetail = Static<typeof ModelPromotedDetail>;

const DriftFeature = Type.Object(
  {
    /** The feature compared (e.g. `score`, `inputMean`, `inputStd`). */
    feature: Type.String({ minLength: 1, maxLength: 64 }),
    /** Population stability index of the window against the training reference. */
    psi: Type.Number({ minimum: 0 }),
    /** Two-sample Kolmogorov-Smirnov statistic (largest CDF gap). */
    ks: Type.Number({ minimum: 0, maximum: 1 }),
    threshold: Type.Number({ minimum: 0 }),
    drifted: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** ModelDriftDetected (source `triage.models`): a window of scored image sets no longer looks like what the model was trained on. */
export const ModelDriftDetectedDetail = Type.Object(
  {
    groupName: GroupName,
    modelPackageArn: Arn,
    version: Type.Integer({ minimum: 1 }),
    /** How many scored image sets the window held, and its span (ISO 8601). */
    windowSize: Type.Integer({ minimum: 1 }),
    windowStart: Type.String({ minLength: 1, maxLength: 40 }),
    windowEnd: Type.String({ minLength: 1, maxLength: 40 }),
    features: Type.Array(DriftFeature, { minItems: 1, maxItems: 32 }),
  },
  { additionalProperties: false },
);
export type ModelDriftDetectedDetail = Static<typeof ModelDriftDetectedDetail>;
