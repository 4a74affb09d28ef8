import type { AccessKeyLookup } from '@triage/platform';
import { SigV4Error, verifySigV4 } from '@triage/platform';
import { HealthImagingError } from '@triage/healthimaging';
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes authenticated by an AWS SigV4 signature instead of a bearer token. */
    sigv4?: boolean;
  }
}

/** The service name HealthImaging signs for. */
export const SIGNING_SERVICE = 'medical-imaging';

const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * Makes the routes of `app` (an encapsulated plugin) SigV4-authenticated: bodies are kept as
 * bytes until the signature over them is verified, then parsed as JSON; a verified request acts
 * as `access-key:<id>` with the key's role (the auth plugin then enforces the route's action).
 */
export function useSigV4(app: FastifyInstance, keys: AccessKeyLookup): void {
  app.removeAllContentTypeParsers();
  // Any media type: the signature covers the bytes, and the SDK's JSON is parsed only once they are verified.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    rawBodies.set(request, body as Buffer);
    done(null, undefined);
  });
  app.addHook('preValidation', async (request) => {
    const body = rawBodies.get(request) ?? Buffer.alloc(0);
    const signer = await verifySigV4(
      { method: request.method, url: request.raw.url ?? request.url, headers: request.headers, body },
      keys,
      { service: SIGNING_SERVICE },
    ).catch((error: unknown) => {
      // For the audit log: the refusal's name, never the signature or the key's secret.
      if (error instanceof SigV4Error) request.refusal = `SigV4 ${error.name}`;
      throw error;
    });
    // A lookup without roles (tests, older callers) acts as admin, as every key did before roles.
    const role = keys.roleFor ? keys.roleFor(signer.accessKeyId) : 'admin';
    if (role === undefined) {
      request.refusal = 'SigV4 UnrecognizedClientException';
      throw new SigV4Error('UnrecognizedClientException', 'The security token included in the request is invalid.');
    }
    request.principal = { name: `access-key:${signer.accessKeyId}`, role };
    if (body.length === 0) {
      request.body = {};
      return;
    }
    try {
      request.body = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new HealthImagingError('ValidationException', `the request body is not JSON: ${(error as Error).message}`);
    }
  });
}
