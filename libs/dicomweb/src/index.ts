// The DICOMweb vocabulary shared by the API, the CLI and the benchmark: what crosses the wire, both ways.

// Multipart/related (RFC 2046, RFC 2387): Content-Type, streaming reader, streaming and buffered writers.
export { parseMultipartRelated, mediaTypeOf, mediaTypeParameters, isReadableBoundary, MAX_BOUNDARY_LENGTH } from './multipart/content-type';
export type { MultipartRelated } from './multipart/content-type';
export { MultipartError } from './multipart/multipart-error';
export { readMultipart, splitMultipart } from './multipart/read-multipart';
export type { MultipartLimits, MultipartPart } from './multipart/read-multipart';
export {
  multipartStream,
  writeMultipart,
  multipartRelatedType,
  newBoundary,
  partHead,
  closingDelimiter,
  PART_END,
} from './multipart/write-multipart';
export type { OutgoingPart } from './multipart/write-multipart';
export { multipartRelated } from './multipart/multipart-related';
export type { RelatedPart } from './multipart/multipart-related';
export { filePartsBody } from './multipart/write-file-parts';
export type { FilePart, MultipartBody } from './multipart/write-file-parts';

// Accept and transfer-syntax negotiation for WADO-RS (PS3.18 8.7.3).
export { parseAccept } from './negotiate/parse-accept';
export type { MediaRange } from './negotiate/parse-accept';
export { negotiateInstances, negotiateFrames, instanceForm, isHtj2k, isStoredNative } from './negotiate/negotiate-retrieve';
export type { Negotiated, PixelForm } from './negotiate/negotiate-retrieve';
export { negotiateSinglePart, singlePartContentType } from './negotiate/negotiate-single-part';
export type { SinglePartFrame } from './negotiate/negotiate-single-part';

// The QIDO-RS query model (PS3.18 8.3.4, 10.6).
export { parseQidoQuery, QidoParameterError, DEFAULT_LIMIT, MAX_LIMIT } from './qido/parse-qido-query';
export type { ParsedQido } from './qido/parse-qido-query';
export type { QidoLevel, QidoQuery } from './qido/qido-query';
export { MATCHING_KEYS } from './qido/matching-keys';
export type { KeyKind } from './qido/matching-keys';
export { isCalendarDate, isTimeOfDay } from './qido/check-date-time';

// STOW-RS answers (PS3.18 10.5.3): built by a server, read by a client.
export { stowResponse, stowStatus, FailureStatus, UNCHANGED_COMMENT } from './stow/build-stow-response';
export type { StoredInstance, FailedInstance } from './stow/build-stow-response';
export { parseStowResponse, describeFailure } from './stow/read-stow-response';
export type { JsonDataset, StowAccepted, StowFailed, StowResult } from './stow/read-stow-response';

// Problem details (RFC 9457).
export { PROBLEM_JSON, problem, parseProblem } from './problem/problem';
export type { Problem } from './problem/problem';

// The typed client.
export { DicomwebClient } from './client/dicomweb-client';
export type {
  DicomwebClientOptions,
  DicomwebAnswer,
  RetrievedParts,
  StowAnswer,
  RequestOptions,
  QidoParams,
  QidoScope,
} from './client/dicomweb-client';
export { DicomwebError } from './client/dicomweb-error';
export type { StowInput } from './client/stow-request-body';
