/** Placeholder. */ export const name = 'dicom';
