// The corpus lives in @triage/test-data; re-exported so that existing `@triage/dicom/test-support` users keep working.
export { corpusDir, corpusFiles } from '@triage/test-data';
