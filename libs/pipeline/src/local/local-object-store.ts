// The store moved to libs/artifacts (the ObjectStore port and its S3 implementation live there); this
// re-export keeps libs/pipeline's modules and its importers compiling unchanged.
export { LocalObjectStore, listFiles, parseS3Uri, NoSuchKeyError, type ObjectStore, type S3Location } from '@triage/artifacts';
