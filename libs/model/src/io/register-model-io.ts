import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { tf } from '../tf';
import { FILE_SCHEME, FileModelHandler } from './file-model-handler';
import { S3_SCHEME } from './s3-model-uri';
import { S3ModelHandler } from './s3-model-handler';

/** Options of {@link registerModelIo}. */
export interface ModelIoOptions {
  /** The S3 client for s3:// URLs, or its configuration; default: the SDK's default chain. */
  s3?: S3ClientConfig | S3Client;
}

let registered = false;
let s3Option: S3ClientConfig | S3Client | undefined;
let s3Client: S3Client | undefined;
let probing = false;

/**
 * Registers file:// and s3:// save and load routers with tf.io, so `model.save('file:///dir')` and
 * `tf.loadLayersModel('s3://bucket/prefix/model.json')` work on every backend. Idempotent; a later
 * call with `s3` replaces the S3 client used from then on. Where tfjs-node already routes file://,
 * its handler is left to answer.
 */
export function registerModelIo(options: ModelIoOptions = {}): void {
  if (options.s3 !== undefined && options.s3 !== s3Option) {
    s3Option = options.s3;
    s3Client = undefined;
  }
  if (registered) return;
  registered = true;
  // tf.io's own routers answer null for URLs they do not handle; its IORouter type omits that.
  const router = route as Parameters<typeof tf.io.registerSaveRouter>[0];
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
}

function route(url: string | string[]): tf.io.IOHandler | null {
  if (Array.isArray(url) || probing) return null;
  if (url.startsWith(S3_SCHEME)) return new S3ModelHandler(currentS3Client, url);
  if (url.startsWith(FILE_SCHEME) && !routedElsewhere(url)) return new FileModelHandler(url);
  return null;
}

/** Whether another router (tfjs-node's) answers this file:// URL: two handlers would make tf.io refuse both. */
function routedElsewhere(url: string): boolean {
  probing = true;
  try {
    return tf.io.getSaveHandlers(url).length > 0 || tf.io.getLoadHandlers(url).length > 0;
  } finally {
    probing = false;
  }
}

function currentS3Client(): S3Client {
  if (s3Client) return s3Client;
  if (s3Option instanceof S3Client) s3Client = s3Option;
  // Without WHEN_REQUIRED the SDK adds streaming checksums that some S3-compatible stores (s3rver) store as corrupt bodies.
  else s3Client = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...s3Option });
  return s3Client;
}
