export * from './errors/codec-error';
export * from './frame/frame-types';
export { bytesPerSample, decodedLength } from './frame/frame-layout';
export * from './decode/decode-frame';
export * from './encode/encode-htj2k';
export { HTJ2K_SETTINGS, ProgressionOrder } from './encode/htj2k-options';
export * from './decoders/htj2k/decode-htj2k-sub-resolution';
export * from './pool/codec-pool';
export * from './encode/other-lossless-encoders';
