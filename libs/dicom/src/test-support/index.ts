// Test helpers shared by every project's specs (the `@triage/dicom/test-support` entry point; never shipped).
export * from './corpus';
export * from './dcmtk';
