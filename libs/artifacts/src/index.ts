export * from './object-store';
export * from './s3-uri';
export * from './no-such-key-error';
export { contentHashOf, type HashedObject } from './content-hash';
export * from './local/local-object-store';
export * from './local/list-files';
export * from './aws/s3-object-store';
