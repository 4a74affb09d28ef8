/** The URL scheme of the S3 model handler. */
export const S3_SCHEME = 's3://';

/** An s3://bucket/key URI split. */
export interface S3Location {
  bucket: string;
  /** The key, without a leading slash (may be empty: the bucket's root). */
  key: string;
}

/** Splits s3://bucket/key; throws on anything else. */
export function parseS3Uri(uri: string): S3Location {
  if (!uri.startsWith(S3_SCHEME)) throw new Error(`${uri} is not an s3:// URI`);
  const rest = uri.slice(S3_SCHEME.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (!bucket) throw new Error(`${uri} names no bucket`);
  return { bucket, key: slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+/, '') };
}

/** s3://bucket/key. */
export function formatS3Uri(location: S3Location): string {
  return `${S3_SCHEME}${location.bucket}/${location.key}`;
}

/** A key beside `key`'s folder: `joinKey('a/b/model.json', './weights.bin')` is `a/b/weights.bin`. */
export function siblingKey(key: string, relative: string): string {
  const folder = key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '';
  const parts = (folder + relative).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.' || part === '') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}
