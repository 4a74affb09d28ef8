import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AccessKeyLookup } from './access-key-store';
import { SigV4Error } from './sigv4-error';

/** A received request as the verifier needs it: the path and query exactly as sent, headers lower-cased. */
export interface SignedRequest {
  method: string;
  /** The request target as received, path and query still percent-encoded (`/a%2Fb?x=1`). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes as received (empty when there was none). */
  body: Uint8Array;
}

/** Who signed a verified request. */
export interface VerifiedSignature {
  accessKeyId: string;
  region: string;
}

/** How far a request's date may be from ours, as AWS allows. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTH = /^AWS4-HMAC-SHA256 (.+)$/;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAuthorization(value: string): {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
} {
  const match = AUTH.exec(value.trim());
  if (!match) throw new SigV4Error('IncompleteSignatureException', 'Authorization header requires the AWS4-HMAC-SHA256 algorithm');
  const parts = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = parts.get('Credential');
  const signed = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!credential || !signed || !signature) {
    throw new SigV4Error(
      'IncompleteSignatureException',
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters",
    );
  }
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1])) {
    throw new SigV4Error(
      'IncompleteSignatureException',
      'the Credential is not of the form <key id>/<yyyymmdd>/<region>/<service>/aws4_request',
    );
  }
  if (!/^[0-9a-f]{64}$/.test(signature))
    throw new SigV4Error('IncompleteSignatureException', 'the Signature is not 64 hexadecimal characters');
  return { accessKeyId: scope[0], date: scope[1], region: scope[2], service: scope[3], signedHeaders: signed.split(';'), signature };
}

function parseAmzDate(value: string | undefined): Date {
  const m = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new SigV4Error('IncompleteSignatureException', 'the request needs an X-Amz-Date header of the form yyyymmddThhmmssZ');
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function queryOf(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const had = query[key];
    query[key] = had === undefined ? value : [had, value].flat();
  }
  return query;
}

/**
 * Verifies a request's `Authorization: AWS4-HMAC-SHA256 ...` header: the key is one of ours, the
 * date within 15 minutes, and the signature recomputed (with the SDK's own signer) over the
 * received method, path, query, signed headers and body equals the one presented (compared in
 * constant time). Throws {@link SigV4Error} named as AWS names the refusal.
 */
export async function verifySigV4(
  request: SignedRequest,
  keys: AccessKeyLookup,
  options: { service: string; now?: Date },
): Promise<VerifiedSignature> {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) throw new SigV4Error('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const auth = parseAuthorization(authorization);
  if (!auth.signedHeaders.includes('host')) throw new SigV4Error('InvalidSignatureException', "'Host' must be a signed header");
  const signingDate = parseAmzDate(header(request.headers, 'x-amz-date'));
  if (auth.service !== options.service)
    throw new SigV4Error('InvalidSignatureException', `Credential should be scoped to correct service: '${options.service}'`);

  const secret = keys.secretFor(auth.accessKeyId);
  if (secret === undefined) throw new SigV4Error('UnrecognizedClientException', 'The security token included in the request is invalid.');

  const now = options.now ?? new Date();
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new SigV4Error(
      'InvalidSignatureException',
      `Signature expired: ${header(request.headers, 'x-amz-date')} is not within 15 minutes of ${now.toISOString()}`,
    );
  }
  if (auth.date !== header(request.headers, 'x-amz-date')?.slice(0, 8)) {
    throw new SigV4Error('InvalidSignatureException', 'Credential should be scoped to a valid date matching X-Amz-Date');
  }

  const bodyHash = request.body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(request.body).digest('hex');
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = header(request.headers, name);
    if (value === undefined) throw new SigV4Error('InvalidSignatureException', `the signed header ${name} is missing from the request`);
    headers[name] = value;
  }
  // A signed payload hash is only worth what the body it claims to hash: recompute with the body's real hash.
  if (headers['x-amz-content-sha256'] !== undefined) headers['x-amz-content-sha256'] = bodyHash;

  const q = request.url.indexOf('?');
  const signer = new SignatureV4({
    service: auth.service,
    region: auth.region,
    sha256: Sha256,
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: secret },
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: request.method,
      hostname: headers['host'] ?? '',
      path: q < 0 ? request.url : request.url.slice(0, q),
      query: q < 0 ? {} : queryOf(request.url.slice(q + 1)),
      headers,
      body: request.body.length === 0 ? undefined : request.body,
    }),
    { signingDate, signingRegion: auth.region, signingService: auth.service, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers['authorization']))?.[1] ?? '';
  const a = Buffer.from(expected);
  const b = Buffer.from(auth.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new SigV4Error(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return { accessKeyId: auth.accessKeyId, region: auth.region };
}
