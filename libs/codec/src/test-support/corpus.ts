export { corpusDir, corpusFiles } from '@triage/dicom/test-support';
