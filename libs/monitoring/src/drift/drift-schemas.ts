import { Type } from '@sinclair/typebox';

/** The features drift compares, as a schema (the same list as DRIFT_FEATURES). */
export const DriftFeatureSchema = Type.Union([
  Type.Literal('score'),
  Type.Literal('inputMean'),
  Type.Literal('inputStd'),
  Type.Literal('inputP05'),
  Type.Literal('inputP50'),
  Type.Literal('inputP95'),
]);

const FeatureReferenceSchema = Type.Object({
  edges: Type.Array(Type.Number(), { minItems: 1, maxItems: 64 }),
  proportions: Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { minItems: 2, maxItems: 65 }),
  sample: Type.Array(Type.Number(), { minItems: 1, maxItems: 1000 }),
});

/** drift-reference.json as the Evaluate step writes it. */
export const DriftReferenceSchema = Type.Object({
  format: Type.Literal('triage-drift-reference/1'),
  createdAt: Type.String({ minLength: 1 }),
  sampleSize: Type.Integer({ minimum: 1 }),
  features: Type.Object({
    score: FeatureReferenceSchema,
    inputMean: FeatureReferenceSchema,
    inputStd: FeatureReferenceSchema,
    inputP05: FeatureReferenceSchema,
    inputP50: FeatureReferenceSchema,
    inputP95: FeatureReferenceSchema,
  }),
});

/** One feature's comparison (DriftFeatureResult). */
export const DriftFeatureResultSchema = Type.Object({
  feature: DriftFeatureSchema,
  psi: Type.Number({ minimum: 0, description: 'population stability index of the window against the reference bins' }),
  ks: Type.Number({ minimum: 0, maximum: 1, description: 'two-sample Kolmogorov-Smirnov statistic against the reference sample' }),
  threshold: Type.Number({
    description: 'PSI threshold applied: the configured one, or the noise floor of these sample sizes when higher',
  }),
  ksThreshold: Type.Number({ description: 'KS threshold applied, likewise' }),
  exceeded: Type.Array(Type.Union([Type.Literal('psi'), Type.Literal('ks')])),
  drifted: Type.Boolean(),
});

/** One recorded drift check (DriftStatus). */
export const DriftStatusSchema = Type.Object({
  groupName: Type.String(),
  modelPackageArn: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  checkedAt: Type.String({ description: 'ISO 8601' }),
  windowSize: Type.Integer({ minimum: 1, description: 'serving scores in the window' }),
  windowStart: Type.String({ description: 'when the first score of the window was made (ISO 8601)' }),
  windowEnd: Type.String({ description: 'when the last one was' }),
  drifted: Type.Boolean({ description: 'any feature drifted' }),
  features: Type.Array(DriftFeatureResultSchema),
});

/** A candidate scored in shadow beside the serving version (ShadowComparison). */
export const ShadowComparisonSchema = Type.Object({
  servingArn: Type.String(),
  shadowArn: Type.String(),
  paired: Type.Integer({ minimum: 0, description: 'image sets both scored' }),
  agreement: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
    description: 'share of paired image sets given the same decision at the threshold; null when none is paired',
  }),
  verified: Type.Integer({ minimum: 0, description: 'paired image sets with a clinician-verified label' }),
  servingAccuracy: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  shadowAccuracy: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
});
