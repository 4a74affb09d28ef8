import * as path from 'node:path';
import { ConfigError } from './config-error';
import { integerEnv, optionalEnv } from './env-values';

/** The clinician side's settings: browser sessions, sign-in limits, CORS, the viewer's files and the findings labels name. */
export interface ClinicianSettings {
  /** TRIAGE_SESSION_IDLE_MS (default 30 min): a session unused for this long is over. */
  sessionIdleMs: number;
  /** TRIAGE_SESSION_MAX_MS (default 12 h): no session lives longer than this, however busy; at least the idle period. */
  sessionMaxMs: number;
  /** TRIAGE_SIGNIN_RATE_PER_MIN (default 10): sign-in attempts per client address per minute; more are 429. */
  signInRatePerMin: number;
  /** TRIAGE_CORS_ORIGINS: comma-separated origins (`https://host[:port]`) answered with CORS headers; empty (default): no CORS. */
  corsOrigins: string[];
  /** TRIAGE_VIEWER_DIR: the built viewer (index.html and assets), resolved; unset: the API finds its own (apps/viewer/dist). */
  viewerDir?: string;
  /** TRIAGE_FINDINGS (default normal,pneumonia): the findings a label may name, in order; the first is the one that is not urgent. */
  findings: string[];
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** A finding is a short lower-case name: it goes into events, metrics labels and training manifests. */
const FINDING = /^[a-z][a-z0-9_-]{0,63}$/;

/** Reads the clinician side's variables; throws {@link ConfigError} naming the first bad one. */
export function loadClinicianSettings(env: NodeJS.ProcessEnv, cwd: string): ClinicianSettings {
  const sessionIdleMs = integerEnv(env, 'TRIAGE_SESSION_IDLE_MS', 30 * MINUTE_MS, 1_000, 30 * DAY_MS);
  const sessionMaxMs = integerEnv(env, 'TRIAGE_SESSION_MAX_MS', 12 * 60 * MINUTE_MS, 1_000, 365 * DAY_MS);
  if (sessionMaxMs < sessionIdleMs)
    throw new ConfigError('TRIAGE_SESSION_MAX_MS', `${sessionMaxMs} is shorter than TRIAGE_SESSION_IDLE_MS (${sessionIdleMs})`);
  const viewerDir = optionalEnv(env, 'TRIAGE_VIEWER_DIR');
  return {
    sessionIdleMs,
    sessionMaxMs,
    signInRatePerMin: integerEnv(env, 'TRIAGE_SIGNIN_RATE_PER_MIN', 10, 1, 10_000),
    corsOrigins: list(env, 'TRIAGE_CORS_ORIGINS').map(origin),
    ...(viewerDir !== undefined && { viewerDir: path.resolve(cwd, viewerDir) }),
    findings: findings(env),
  };
}

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (optionalEnv(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** An origin exactly as a browser sends it in `Origin`: scheme, host and port, nothing else. */
function origin(raw: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== raw)
    throw new ConfigError('TRIAGE_CORS_ORIGINS', `"${raw}" is not an origin (http(s)://host[:port], no path or trailing slash)`);
  return raw;
}

function findings(env: NodeJS.ProcessEnv): string[] {
  const names = list(env, 'TRIAGE_FINDINGS');
  if (names.length === 0) return ['normal', 'pneumonia'];
  for (const name of names)
    if (!FINDING.test(name))
      throw new ConfigError('TRIAGE_FINDINGS', `"${name}" is not a finding name (lower-case letters, digits, - and _)`);
  if (new Set(names).size !== names.length) throw new ConfigError('TRIAGE_FINDINGS', 'names a finding twice');
  if (names.length < 2) throw new ConfigError('TRIAGE_FINDINGS', 'needs at least two findings (the first is the one that is not urgent)');
  return names;
}
