export * from './health-imaging';
export * from './health-imaging-error';
export * from './dicom-store';
