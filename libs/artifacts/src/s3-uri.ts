/** A bucket and key of an `s3://bucket/key` URI. */
export interface S3Location {
  bucket: string;
  key: string;
}

/** Splits `s3://bucket/key` (a key may be empty: the whole bucket). */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,62})(?:\/(.*))?$/.exec(uri);
  if (!match) throw new Error(`${JSON.stringify(uri)} is not an s3://bucket/key URI`);
  const key = (match[2] ?? '').replace(/\/+$/, '');
  if (key.split('/').some((part) => part === '..' || part === '.')) throw new Error(`${uri}: a key may not hold . or .. segments`);
  return { bucket: match[1], key };
}

/** `s3://bucket/key` (or `s3://bucket` for the empty key). */
export function formatS3Uri({ bucket, key }: S3Location): string {
  return key ? `s3://${bucket}/${key}` : `s3://${bucket}`;
}

/** The key of an object under a prefix (the empty prefix is the whole bucket). */
export function keyUnder(prefix: string, relative: string): string {
  return prefix ? `${prefix}/${relative}` : relative;
}

/** Whether `key` is the object `prefix` or lies under it as a folder (`prefix/...`): the store's notion of "under a URI". */
export function isUnder(key: string, prefix: string): boolean {
  return prefix === '' || key === prefix || key.startsWith(`${prefix}/`);
}
