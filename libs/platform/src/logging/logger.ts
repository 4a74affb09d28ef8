import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from '../config/config';

/** Where secrets can appear in log objects; their values are replaced by `[redacted]`. */
export const REDACT_PATHS = [
  'authorization',
  'token',
  'password',
  'secret',
  'adminToken',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.adminToken',
  'config.adminToken',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level?: LogLevel;
  /** Service name in every line (default `triage`). */
  name?: string;
  /** Default stdout; tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/** A pino JSON logger with secrets redacted, for every app. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'triage',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { req: serializeRequest },
    },
    options.destination,
  );
}

export type { Logger } from 'pino';

/** The request as logged: method, path and peer; never the query string, where QIDO carries patient names and IDs. */
export function serializeRequest(req: {
  method?: string;
  url?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}): Record<string, unknown> {
  const url = req.url ?? '';
  const query = url.indexOf('?');
  return { method: req.method, path: query < 0 ? url : url.slice(0, query), remoteAddress: req.ip ?? req.socket?.remoteAddress };
}
