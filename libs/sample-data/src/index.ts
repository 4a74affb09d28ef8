export type { ChestLabel, ChestTruth, CtTruth, Frame, GeneratedInstance } from './types';
export type { Conspicuity, Opacity } from './chest/opacities';
export { generateChestStudies, generateChestRadiograph } from './chest/generate-chest';
export type { ChestOptions, ChestCaseOptions } from './chest/generate-chest';
export { DX_FOR_PRESENTATION } from './chest/chest-dataset';
export { CHEST_MAX_VALUE } from './chest/render-chest';
export { generateCtSeries } from './ct/generate-ct';
export type { CtOptions } from './ct/generate-ct';
export { CT_IMAGE_STORAGE, CT_WINDOWS } from './ct/ct-dataset';
export { CT_RESCALE_INTERCEPT } from './ct/render-slice';
export { writeSamples, labelsCsv } from './output/write-samples';
export type { ManifestEntry, ProgressCallback } from './output/write-samples';
export { toPng8 } from './preview/to-png8';
export type { DisplayWindow } from './preview/to-png8';
export { deriveUid } from './uid/derive-uid';
// isValidUid and Uid live in @triage/dicom (one UID module); re-exported for the generator's users.
export { isValidUid, type Uid } from '@triage/dicom';
export { SYNTHETIC_COMMENT, PRIVATE_CREATOR, PrivateTag, MANUFACTURER } from './dicom/synthetic-marking';
