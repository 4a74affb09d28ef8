import * as path from 'node:path';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('has loopback, port 8080, ./data and samples on by default', () => {
    const config = loadConfig({}, '/srv');
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: path.resolve('/srv/data'), samples: true, logLevel: 'info' });
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
      dicomHost: '127.0.0.1',
      dicomPort: 11112,
      dicomAeTitle: 'TRIAGE',
      dicomCallingAeTitles: [],
      importRoots: [],
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
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
