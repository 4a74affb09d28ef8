import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { idleLimitedBody } from './idle-limited-body';

/** Whether a request announces a body (a length above zero, or chunks). */
function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/**
 * Reads every request body through the idle timeout (idle-limited-body.ts), and closes the
 * connection after any answer sent before its body was read to the end (a refusal before the
 * upload is read, a 408): the rest of that body would otherwise hold the connection.
 */
export const idleBodyPlugin = fp<{ idleMs: number }>(
  async (app, { idleMs }) => {
    const bodies = new WeakMap<FastifyRequest, Readable>();
    app.addHook('preParsing', async (request, _reply, payload) => {
      if (!hasBody(request.headers)) return payload;
      const body = idleLimitedBody(payload, idleMs);
      bodies.set(request, body);
      return body;
    });
    app.addHook('onSend', async (request, reply, payload) => {
      const body = bodies.get(request);
      if (body && !body.readableEnded) {
        reply.header('connection', 'close');
        body.destroy(); // nobody reads it any more: what still arrives is discarded until the close
      }
      return payload;
    });
  },
  { name: 'triage-idle-body' },
);
