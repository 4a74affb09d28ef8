import { AuditTruncatedError, ConfigError } from '@triage/platform';
import { MlopsConfigError } from '@triage/mlops';

/** A start-up failure with the words to report it in: one line, no stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** The listen error of one of our servers, said with the address and the variable that sets it. */
export function bindError(what: string, variable: string, host: string, port: number, error: unknown): StartupError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') return new StartupError(`the ${what} port ${where} is in use (${variable})`);
  if (code === 'EACCES') return new StartupError(`no permission to listen on the ${what} port ${where} (${variable})`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new StartupError(`cannot listen for ${what} on ${where}: no such local address`);
  return new StartupError(`cannot listen for ${what} on ${where}: ${(error as Error).message}`);
}

/** File-system errors that mean the data directory cannot be used. */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'SQLITE_CANTOPEN', 'SQLITE_READONLY']);

/**
 * The one line a failed start reports: our own and configuration errors as they are, a data
 * directory that cannot be written named as such, anything else by its message (the log, at debug
 * level, has the stack).
 */
export function describeStartupError(error: unknown, dataDir?: string): string {
  if (
    error instanceof StartupError ||
    error instanceof ConfigError ||
    error instanceof MlopsConfigError ||
    error instanceof AuditTruncatedError
  )
    return error.message;
  const fsError = error as NodeJS.ErrnoException;
  if (dataDir !== undefined && fsError.code !== undefined && UNWRITABLE.has(fsError.code))
    return `the data directory ${dataDir} cannot be used: ${fsError.code} on ${fsError.path ?? 'a file in it'} (TRIAGE_DATA_DIR)`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}
