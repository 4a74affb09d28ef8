export { corpusDir, corpusFiles, generatedFiles } from '@triage/test-data';
