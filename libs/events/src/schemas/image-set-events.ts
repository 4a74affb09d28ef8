import { Type, type Static } from '@sinclair/typebox';

const Uid = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9.]+$' });
const ResourceId = Type.String({ minLength: 1, maxLength: 64 });

/** What both image set events say of the image set at its new version. */
const ImageSetFields = {
  datastoreId: ResourceId,
  imageSetId: ResourceId,
  imageSetVersionId: Type.String({ minLength: 1 }),
  studyInstanceUid: Uid,
  /** Whether this is the study's primary image set (the one QIDO-RS and the worklist show). */
  primary: Type.Boolean(),
  /** Live instances in the image set at this version. */
  instances: Type.Integer({ minimum: 0 }),
};

/** ImageSetCreated: a new image set holds its first instances (ingest through any door, or a copy). */
export const ImageSetCreatedDetail = Type.Object(ImageSetFields, { additionalProperties: false });
export type ImageSetCreatedDetail = Static<typeof ImageSetCreatedDetail>;

/** ImageSetUpdated: an image set got a new version (instances added or replaced, metadata updated, reverted, copied into, deleted). */
export const ImageSetUpdatedDetail = Type.Object(
  {
    ...ImageSetFields,
    change: Type.Union([Type.Literal('instances'), Type.Literal('metadata'), Type.Literal('copied'), Type.Literal('deleted')]),
  },
  { additionalProperties: false },
);
export type ImageSetUpdatedDetail = Static<typeof ImageSetUpdatedDetail>;
