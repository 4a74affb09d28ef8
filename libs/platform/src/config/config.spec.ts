import * as path from 'node:path';
import { loadConfig } from './config';
import { DEFAULT_HTTP_LIMITS } from './http-limits';

describe('loadConfig', () => {
  it('has loopback, port 8080, ./data and samples on by default', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/data'),
      samples: true,
      logLevel: 'info',
      frameCacheBytes: 384 * 1024 * 1024,
      auditWindowMs: 5000,
      keepOriginals: false,
    });
    expect(config.adminToken).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        TRIAGE_PORT: '0',
        TRIAGE_HOST: '::1',
        TRIAGE_DATA_DIR: 'x/y',
        TRIAGE_ADMIN_TOKEN: 'a'.repeat(20),
        TRIAGE_SAMPLES: '0',
        TRIAGE_LOG_LEVEL: 'WARN',
        TRIAGE_BODY_LIMIT_MB: '10',
        TRIAGE_PART_LIMIT_MB: '50',
        TRIAGE_CODEC_WORKERS: '3',
        TRIAGE_FRAME_CACHE_MB: '64',
        TRIAGE_AUDIT_WINDOW_MS: '0',
        TRIAGE_KEEP_ORIGINALS: '1',
      },
      '/srv',
    );
    expect(config).toEqual({
      port: 0,
      host: '::1',
      dataDir: path.resolve('/srv/x/y'),
      adminToken: 'a'.repeat(20),
      samples: false,
      logLevel: 'warn',
      bodyLimitBytes: 10 * 1024 * 1024,
      // A part is never larger than the body that carries it.
      partLimitBytes: 10 * 1024 * 1024,
      codecWorkers: 3,
      frameCacheBytes: 64 * 1024 * 1024,
      auditWindowMs: 0,
      keepOriginals: true,
      dicomHost: '127.0.0.1',
      dicomPort: 11112,
      dicomAeTitle: 'TRIAGE',
      dicomCallingAeTitles: [],
      importRoots: [],
      http: DEFAULT_HTTP_LIMITS,
      shutdownDeadlineMs: 8_000,
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      signInRatePerMin: 10,
      corsOrigins: [],
      findings: ['normal', 'pneumonia'],
    });
  });

  it('reads the clinician side: sessions, sign-in rate, CORS origins, the viewer folder and the findings', () => {
    const config = loadConfig(
      {
        TRIAGE_SESSION_IDLE_MS: '60000',
        TRIAGE_SESSION_MAX_MS: '120000',
        TRIAGE_SIGNIN_RATE_PER_MIN: '3',
        TRIAGE_CORS_ORIGINS: 'https://pacs.example.org, http://127.0.0.1:9000',
        TRIAGE_VIEWER_DIR: 'viewer/dist',
        TRIAGE_FINDINGS: 'normal,pneumonia,effusion',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      sessionIdleMs: 60_000,
      sessionMaxMs: 120_000,
      signInRatePerMin: 3,
      corsOrigins: ['https://pacs.example.org', 'http://127.0.0.1:9000'],
      viewerDir: path.resolve('/srv/viewer/dist'),
      findings: ['normal', 'pneumonia', 'effusion'],
    });
  });

  it.each([
    [{ TRIAGE_SESSION_IDLE_MS: '10' }, /TRIAGE_SESSION_IDLE_MS: 10 is not between 1000 and/],
    [
      { TRIAGE_SESSION_IDLE_MS: '60000', TRIAGE_SESSION_MAX_MS: '30000' },
      /TRIAGE_SESSION_MAX_MS: 30000 is shorter than TRIAGE_SESSION_IDLE_MS/,
    ],
    [{ TRIAGE_SIGNIN_RATE_PER_MIN: '0' }, /TRIAGE_SIGNIN_RATE_PER_MIN: 0 is not between 1 and 10000/],
    [{ TRIAGE_CORS_ORIGINS: 'https://ok.example, *' }, /TRIAGE_CORS_ORIGINS: "\*" is not an origin/],
    [{ TRIAGE_CORS_ORIGINS: 'https://x.example/' }, /TRIAGE_CORS_ORIGINS: "https:\/\/x.example\/" is not an origin/],
    [{ TRIAGE_CORS_ORIGINS: 'ftp://x.example' }, /TRIAGE_CORS_ORIGINS: "ftp:\/\/x.example" is not an origin/],
    [{ TRIAGE_FINDINGS: 'normal,Pneumonia' }, /TRIAGE_FINDINGS: "Pneumonia" is not a finding name/],
    [{ TRIAGE_FINDINGS: 'normal,normal' }, /TRIAGE_FINDINGS: names a finding twice/],
    [{ TRIAGE_FINDINGS: 'normal' }, /TRIAGE_FINDINGS: needs at least two findings/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the shutdown deadline for requests in flight, and refuses a bad one naming it', () => {
    expect(loadConfig({ TRIAGE_SHUTDOWN_DEADLINE_MS: '2500' }).shutdownDeadlineMs).toBe(2_500);
    expect(() => loadConfig({ TRIAGE_SHUTDOWN_DEADLINE_MS: '-1' })).toThrow(/TRIAGE_SHUTDOWN_DEADLINE_MS/);
    expect(() => loadConfig({ TRIAGE_SHUTDOWN_DEADLINE_MS: 'soon' })).toThrow(/TRIAGE_SHUTDOWN_DEADLINE_MS/);
  });

  it('has HTTP timeouts that cut a stalled client by default, and reads TRIAGE_HTTP_*', () => {
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 10_000,
      bodyIdleTimeoutMs: 30_000,
      requestTimeoutMs: 0,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1024,
      maxRequestsPerSocket: 0,
    });
    const http = loadConfig({
      TRIAGE_HTTP_HEADERS_TIMEOUT_MS: '200',
      TRIAGE_HTTP_BODY_IDLE_TIMEOUT_MS: '300',
      TRIAGE_HTTP_REQUEST_TIMEOUT_MS: '400',
      TRIAGE_HTTP_KEEP_ALIVE_TIMEOUT_MS: '500',
      TRIAGE_HTTP_MAX_CONNECTIONS: '6',
      TRIAGE_HTTP_MAX_REQUESTS_PER_SOCKET: '7',
    }).http;
    expect(http).toEqual({
      headersTimeoutMs: 200,
      bodyIdleTimeoutMs: 300,
      requestTimeoutMs: 400,
      keepAliveTimeoutMs: 500,
      maxConnections: 6,
      maxRequestsPerSocket: 7,
    });
  });

  it.each([
    [{ TRIAGE_PORT: '80a' }, 'TRIAGE_PORT: "80a" is not a whole number'],
    [{ TRIAGE_PORT: '70000' }, 'TRIAGE_PORT: 70000 is not between 0 and 65535'],
    [{ TRIAGE_HOST: 'http://x' }, 'TRIAGE_HOST: "http://x" is not a host name or IP address'],
    [{ TRIAGE_SAMPLES: 'maybe' }, 'TRIAGE_SAMPLES: "maybe" is not one of'],
    [{ TRIAGE_LOG_LEVEL: 'loud' }, 'TRIAGE_LOG_LEVEL: "loud" is not one of'],
    [{ TRIAGE_ADMIN_TOKEN: 'short' }, 'TRIAGE_ADMIN_TOKEN: must be at least 16 characters'],
    [{ TRIAGE_ADMIN_TOKEN: 'has a space in it, long enough' }, 'TRIAGE_ADMIN_TOKEN: must be printable ASCII'],
    [{ TRIAGE_BODY_LIMIT_MB: '0' }, 'TRIAGE_BODY_LIMIT_MB: 0 is not between'],
    [{ TRIAGE_FRAME_CACHE_MB: '2000000' }, 'TRIAGE_FRAME_CACHE_MB: 2000000 is not between 0 and 1048576'],
    [{ TRIAGE_HTTP_BODY_IDLE_TIMEOUT_MS: '30s' }, 'TRIAGE_HTTP_BODY_IDLE_TIMEOUT_MS: "30s" is not a whole number'],
    [{ TRIAGE_HTTP_MAX_CONNECTIONS: '0' }, 'TRIAGE_HTTP_MAX_CONNECTIONS: 0 is not between 1 and'],
    [
      { TRIAGE_HTTP_REQUEST_TIMEOUT_MS: '1000', TRIAGE_HTTP_HEADERS_TIMEOUT_MS: '2000' },
      'TRIAGE_HTTP_HEADERS_TIMEOUT_MS: 2000 is longer than TRIAGE_HTTP_REQUEST_TIMEOUT_MS (1000)',
    ],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
