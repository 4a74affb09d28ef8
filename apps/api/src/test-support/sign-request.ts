import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AccessKey } from '@triage/platform';

/**
 * SigV4 headers for a request whose path is sent exactly as given (to reach the server with
 * `..`, `%2f` or NUL escapes that the SDK would encode away), signed as the SDK signs.
 */
export async function signedHeaders(
  baseUrl: string,
  method: string,
  rawPath: string,
  key: AccessKey,
  body?: Buffer,
): Promise<Record<string, string>> {
  const url = new URL(baseUrl);
  const signer = new SignatureV4({ service: 'medical-imaging', region: 'us-east-1', sha256: Sha256, credentials: key });
  const headers: Record<string, string> = { host: url.host, ...(body && { 'content-type': 'application/json' }) };
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: rawPath,
    query: {},
    headers,
    body,
  });
  return signed.headers;
}
