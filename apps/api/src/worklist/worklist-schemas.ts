import { Type, type Static } from '@fastify/type-provider-typebox';
import { WORKLIST_SORT_KEYS } from '@triage/catalog';
import { UID_PATTERN } from '../app/path-params';

const Id = Type.String({ description: 'a HealthImaging id' });
const Uid = Type.String({ pattern: UID_PATTERN, minLength: 1, maxLength: 64, description: 'a DICOM UID' });
const DicomDate = Type.String({ pattern: '^[0-9]{8}$', description: 'YYYYMMDD' });
const Verification = Type.Union([Type.Literal('unverified'), Type.Literal('confirmed'), Type.Literal('corrected')]);

/** What a label or prediction is about: an image set, or one of its instances. */
export const LabelKeySchema = Type.Object(
  { datastoreId: Id, imageSetId: Id, sopInstanceUid: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

/** Where a label came from (the events lib's LabelOrigin). */
export const LabelOriginSchema = Type.Union([
  Type.Object({ kind: Type.Literal('clinician'), principal: Type.String(), role: Type.String() }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('import'), source: Type.String() }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('model'), modelVersion: Type.String() }, { additionalProperties: false }),
]);

/** The catalog's LabelVersion. */
export const LabelVersionSchema = Type.Object(
  {
    key: LabelKeySchema,
    studyInstanceUid: Type.String(),
    finding: Type.String(),
    origin: LabelOriginSchema,
    note: Type.Optional(Type.String()),
    verified: Type.Boolean(),
    verification: Type.Optional(Type.Union([Type.Literal('confirmed'), Type.Literal('corrected')])),
    version: Type.Integer(),
    setAt: Type.String(),
  },
  { additionalProperties: false },
);

/** The catalog's Prediction. */
export const PredictionSchema = Type.Object(
  {
    key: LabelKeySchema,
    modelVersion: Type.String(),
    finding: Type.String(),
    scores: Type.Record(Type.String(), Type.Number()),
    priority: Type.Number(),
    predictedAt: Type.String(),
  },
  { additionalProperties: false },
);

/** The catalog's WorklistItem: the study summary, its label, prediction and verification. */
export const WorklistItemSchema = Type.Object(
  {
    datastoreId: Id,
    imageSetId: Id,
    studyInstanceUid: Type.String(),
    patientName: Type.Optional(Type.String()),
    patientId: Type.Optional(Type.String()),
    patientBirthDate: Type.Optional(Type.String()),
    studyDate: Type.Optional(Type.String()),
    studyTime: Type.Optional(Type.String()),
    accessionNumber: Type.Optional(Type.String()),
    studyDescription: Type.Optional(Type.String()),
    modalities: Type.Array(Type.String()),
    series: Type.Integer(),
    instances: Type.Integer(),
    thumbnailSeriesInstanceUid: Type.Optional(Type.String()),
    updatedAt: Type.String(),
    label: Type.Optional(LabelVersionSchema),
    verification: Verification,
    prediction: Type.Optional(PredictionSchema),
  },
  { additionalProperties: false },
);

/** POST /api/worklist/search's body: the catalog's WorklistQuery without the datastore (the API serves one). */
export const WorklistSearchBody = Type.Object(
  {
    patientName: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'anywhere in the name, case-insensitive' })),
    studyDateFrom: Type.Optional(DicomDate),
    studyDateTo: Type.Optional(DicomDate),
    modality: Type.Optional(Type.String({ minLength: 1, maxLength: 16, description: 'one of the study’s modalities, exactly' })),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'anywhere in the study description' })),
    verification: Type.Optional(Verification),
    sort: Type.Optional(Type.Union(WORKLIST_SORT_KEYS.map((key) => Type.Literal(key)))),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'default 50' })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type WorklistSearchBody = Static<typeof WorklistSearchBody>;

/** The catalog's WorklistPage. */
export const WorklistPageSchema = Type.Object(
  { items: Type.Array(WorklistItemSchema), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() },
  { additionalProperties: false },
);

export { Uid as UidSchema };
