import * as path from 'node:path';
import { ConfigError } from './config-error';
import { integerEnv as integer, optionalEnv as optional } from './env-values';
import { loadHttpLimits } from './http-limits';
import type { HttpLimits } from './http-limits';
import { loadClinicianSettings } from './clinician-settings';
import type { ClinicianSettings } from './clinician-settings';

/** Log levels pino knows, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The platform's configuration, read once from the environment and validated. */
export interface TriageConfig extends ClinicianSettings {
  /** TRIAGE_PORT (default 8080; 0 picks a free port). */
  port: number;
  /** TRIAGE_HOST (default 127.0.0.1: loopback only unless asked). */
  host: string;
  /** TRIAGE_DATA_DIR (default ./data), resolved to an absolute path. */
  dataDir: string;
  /** TRIAGE_ADMIN_TOKEN: the local admin's bearer token; generated on first start when absent. */
  adminToken?: string;
  /** TRIAGE_SAMPLES (default on): ingest sample studies on the first start with an empty data directory. */
  samples: boolean;
  /** TRIAGE_LOG_LEVEL (default info). */
  logLevel: LogLevel;
  /** TRIAGE_BODY_LIMIT_MB (default 4096): the largest request body, e.g. a STOW-RS upload. */
  bodyLimitBytes: number;
  /** TRIAGE_PART_LIMIT_MB (default 1024): the largest single instance in a STOW-RS upload. */
  partLimitBytes: number;
  /** TRIAGE_CODEC_WORKERS (default: the number of cores). */
  codecWorkers?: number;
  /** TRIAGE_FRAME_CACHE_MB (default {@link DEFAULT_FRAME_CACHE_MB}; 0 turns it off): decoded frames kept for native-pixel WADO-RS answers. */
  frameCacheBytes: number;
  /** TRIAGE_AUDIT_WINDOW_MS (default 5000; 0: every read its own record): how long following reads of a study by one principal are counted into one audit record. */
  auditWindowMs: number;
  /** TRIAGE_KEEP_ORIGINALS (default off): keep each frame as received beside its HTJ2K once transcoded and checked. */
  keepOriginals: boolean;
  /** TRIAGE_DICOM_HOST (default 127.0.0.1): where the DIMSE (C-ECHO/C-STORE) SCP binds. */
  dicomHost: string;
  /** TRIAGE_DICOM_PORT (default 11112; 0 picks a free port). */
  dicomPort: number;
  /** TRIAGE_DICOM_AE_TITLE (default TRIAGE): the called AE title associations must name. */
  dicomAeTitle: string;
  /** TRIAGE_DICOM_CALLING_AE_TITLES: comma-separated calling AE titles allowed to associate; empty allows any. */
  dicomCallingAeTitles: string[];
  /** TRIAGE_IMPORT_ROOTS: comma-separated absolute folders import jobs may read; empty allows any. */
  importRoots: string[];
  /** TRIAGE_HTTP_*: the HTTP server's timeouts and connection caps. */
  http: HttpLimits;
  /**
   * TRIAGE_SHUTDOWN_DEADLINE_MS (default 8000): on SIGTERM, how long requests in flight may take to
   * finish before their connections are cut (idle ones are closed at once); short enough that the
   * whole shutdown fits the 10 s a service manager usually waits before SIGKILL.
   */
  shutdownDeadlineMs: number;
}

/**
 * The default of TRIAGE_FRAME_CACHE_MB: a 600-slice 512×512 16-bit CT series decoded (300 MiB) with
 * room for the neighbourhood of a second series being read, so that a series scrolled through again
 * is served without decoding.
 */
export const DEFAULT_FRAME_CACHE_MB = 384;

/** The default of {@link TriageConfig.shutdownDeadlineMs}. */
export const DEFAULT_SHUTDOWN_DEADLINE_MS = 8_000;

const MIB = 1024 * 1024;
/** Shorter tokens are guessable; the generated ones are 32 random bytes. */
export const MIN_TOKEN_LENGTH = 16;

/** Where the API listens: TRIAGE_HOST and TRIAGE_PORT, read as {@link loadConfig} reads them (the CLI's default URL comes from here). */
export function loadListenAddress(env: NodeJS.ProcessEnv = process.env): { host: string; port: number } {
  return { host: host(env), port: integer(env, 'TRIAGE_PORT', 8080, 0, 65535) };
}

/** Reads and validates the configuration; throws {@link ConfigError} naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TriageConfig {
  const adminToken = optional(env, 'TRIAGE_ADMIN_TOKEN');
  if (adminToken !== undefined) {
    if (adminToken.length < MIN_TOKEN_LENGTH)
      throw new ConfigError('TRIAGE_ADMIN_TOKEN', `must be at least ${MIN_TOKEN_LENGTH} characters`);
    if (!/^[\x21-\x7e]+$/.test(adminToken)) throw new ConfigError('TRIAGE_ADMIN_TOKEN', 'must be printable ASCII without spaces');
  }
  const bodyLimitBytes = integer(env, 'TRIAGE_BODY_LIMIT_MB', 4096, 1, 1024 * 1024) * MIB;
  const partLimitBytes = integer(env, 'TRIAGE_PART_LIMIT_MB', 1024, 1, 1024 * 1024) * MIB;
  const workers = optional(env, 'TRIAGE_CODEC_WORKERS');
  return {
    ...loadListenAddress(env),
    dataDir: path.resolve(cwd, optional(env, 'TRIAGE_DATA_DIR') ?? './data'),
    adminToken,
    samples: boolean(env, 'TRIAGE_SAMPLES', true),
    logLevel: logLevel(env),
    bodyLimitBytes,
    partLimitBytes: Math.min(partLimitBytes, bodyLimitBytes),
    codecWorkers: workers === undefined ? undefined : integer(env, 'TRIAGE_CODEC_WORKERS', 1, 1, 256),
    frameCacheBytes: integer(env, 'TRIAGE_FRAME_CACHE_MB', DEFAULT_FRAME_CACHE_MB, 0, 1024 * 1024) * MIB,
    auditWindowMs: integer(env, 'TRIAGE_AUDIT_WINDOW_MS', 5000, 0, 60_000),
    keepOriginals: boolean(env, 'TRIAGE_KEEP_ORIGINALS', false),
    dicomHost: host(env, 'TRIAGE_DICOM_HOST'),
    dicomPort: integer(env, 'TRIAGE_DICOM_PORT', 11112, 0, 65535),
    dicomAeTitle: aeTitle('TRIAGE_DICOM_AE_TITLE', optional(env, 'TRIAGE_DICOM_AE_TITLE') ?? 'TRIAGE'),
    dicomCallingAeTitles: (optional(env, 'TRIAGE_DICOM_CALLING_AE_TITLES') ?? '')
      .split(',')
      .map((title) => title.trim())
      .filter((title) => title !== '')
      .map((title) => aeTitle('TRIAGE_DICOM_CALLING_AE_TITLES', title)),
    importRoots: (optional(env, 'TRIAGE_IMPORT_ROOTS') ?? '')
      .split(',')
      .map((root) => root.trim())
      .filter((root) => root !== '')
      .map((root) => {
        if (!path.isAbsolute(root)) throw new ConfigError('TRIAGE_IMPORT_ROOTS', `"${root}" is not an absolute path`);
        return path.resolve(root);
      }),
    http: loadHttpLimits(env),
    shutdownDeadlineMs: integer(env, 'TRIAGE_SHUTDOWN_DEADLINE_MS', DEFAULT_SHUTDOWN_DEADLINE_MS, 0, 10 * 60_000),
    ...loadClinicianSettings(env, cwd),
  };
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `"${raw}" is not one of 1, 0, true, false, yes, no, on, off`);
}

function host(env: NodeJS.ProcessEnv, name = 'TRIAGE_HOST'): string {
  const raw = optional(env, name) ?? '127.0.0.1';
  // A host name or an IPv4/IPv6 address; no scheme, port or path.
  if (!/^[A-Za-z0-9.:-]+$/.test(raw) || raw.length > 253)
    throw new ConfigError(name, `"${raw}" is not a host name or IP address (no scheme, port or path)`);
  return raw;
}

/** An AE title: 1 to 16 characters of printable ASCII without a backslash (PS3.5 6.2, VR AE). */
function aeTitle(name: string, raw: string): string {
  if (!/^[\x20-\x5b\x5d-\x7e]{1,16}$/.test(raw))
    throw new ConfigError(name, `"${raw}" is not an AE title (1 to 16 printable ASCII characters, no backslash)`);
  return raw;
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = optional(env, 'TRIAGE_LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw))
    throw new ConfigError('TRIAGE_LOG_LEVEL', `"${raw}" is not one of ${LOG_LEVELS.join(', ')}`);
  return raw as LogLevel;
}
