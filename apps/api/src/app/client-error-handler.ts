import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_JSON, problem } from './problem';

/** An error Node's HTTP parser or its timers raise on a connection before Fastify has a request. */
type ClientError = Error & { code?: string; reason?: string };

/** The status and detail a client error is answered with. */
export function clientErrorProblem(error: ClientError): { status: number; detail: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, detail: 'the request headers (or the whole request) did not arrive in time; the connection is closed' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, detail: 'the request headers are larger than the server accepts' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, detail: 'the chunk extensions are larger than the server accepts' };
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return { status: 400, detail: `the Content-Length header is not a usable length (${error.reason ?? error.message})` };
    default:
      return { status: 400, detail: `the request could not be parsed as HTTP/1.1 (${error.reason ?? error.message})` };
  }
}

/**
 * Fastify's clientErrorHandler: answers errors raised before a request exists (unparsable
 * headers, an invalid Content-Length, the headers timeout) as application/problem+json like every
 * other error, then closes the connection. Nothing is written when a response has started on it.
 */
export function clientErrorHandler(error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Node's own default checks the same: a response under way cannot be replaced by another.
  const response = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, detail } = clientErrorProblem(error);
  const body = JSON.stringify(problem(status, detail));
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    `Content-Type: ${PROBLEM_JSON}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  // Destroyed once written: the rest of what the client sends is not read.
  socket.end(head + body, () => socket.destroy());
}
