import { Writable } from 'node:stream';
import { createLogger } from './logger';

describe('createLogger', () => {
  it('writes JSON lines with authorization headers, tokens and secrets redacted', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info(
      {
        headers: { authorization: 'Bearer s3cr3t-header' },
        token: 's3cr3t-token',
        config: { adminToken: 's3cr3t-admin' },
        user: { password: 's3cr3t-pw' },
      },
      'hello',
    );
    logger.debug('not at info');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ msg: 'hello', name: 'triage', level: 30 });
    expect(lines[0]).not.toMatch(/s3cr3t/);
    expect(line.headers.authorization).toBe('[redacted]');
  });

  it('logs a request by its path, never its query string (QIDO carries patient names and IDs there)', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger({ level: 'info', destination }).info(
      { req: { method: 'GET', url: '/dicomweb/studies?PatientName=DOE%5EJOHN&PatientID=12345', ip: '127.0.0.1' } },
      'incoming request',
    );
    const line = JSON.parse(lines[0]);
    expect(line.req).toEqual({ method: 'GET', path: '/dicomweb/studies', remoteAddress: '127.0.0.1' });
    expect(lines[0]).not.toMatch(/DOE|12345/);
  });
});
