import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccessKeyStore, accessKeyFromEnv, ensureAccessKey } from './access-key-store';

describe('access keys', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-keys-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates a pair once, keeps it in a 0600 file, and finds its secret after a reopen', () => {
    const file = path.join(dir, 'auth', 'access-keys.json');
    const first = ensureAccessKey(AccessKeyStore.open(file), undefined);
    if (!first.generated) throw new Error('expected a generated pair');
    expect(first.key.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const reopened = AccessKeyStore.open(file);
    expect(reopened.secretFor(first.key.accessKeyId)).toBe(first.key.secretAccessKey);
    expect(reopened.secretFor('AKIAUNKNOWN000000000')).toBeUndefined();
    expect(ensureAccessKey(reopened, undefined)).toEqual({ generated: false });
  });

  it('stores a configured pair and reads it from the environment, both variables or neither', () => {
    const store = AccessKeyStore.open(path.join(dir, 'keys.json'));
    const key = accessKeyFromEnv({ TRIAGE_ACCESS_KEY_ID: 'AKIACONFIGURED000001', TRIAGE_SECRET_ACCESS_KEY: 'configured-secret-0123' });
    expect(ensureAccessKey(store, key)).toEqual({ generated: false });
    expect(store.secretFor('AKIACONFIGURED000001')).toBe('configured-secret-0123');
    expect(accessKeyFromEnv({})).toBeUndefined();
    expect(() => accessKeyFromEnv({ TRIAGE_ACCESS_KEY_ID: 'AKIACONFIGURED000001' })).toThrow(/together/);
    expect(() => accessKeyFromEnv({ TRIAGE_ACCESS_KEY_ID: 'bad id', TRIAGE_SECRET_ACCESS_KEY: 'configured-secret-0123' })).toThrow(
      /TRIAGE_ACCESS_KEY_ID/,
    );
  });

  it('issues keys with a role and a name, lists them without secrets, revokes them, and keeps all that across a reopen', () => {
    const file = path.join(dir, 'keys.json');
    const store = AccessKeyStore.open(file);
    ensureAccessKey(store, undefined);
    const clinician = store.issue('pacs-bridge', 'clinician');
    const scientist = store.issue('notebook', 'data-scientist');
    expect(store.roleFor(clinician.accessKeyId)).toBe('clinician');
    const reopened = AccessKeyStore.open(file);
    expect(reopened.list()).toEqual([
      expect.objectContaining({ name: 'default', role: 'admin' }),
      { accessKeyId: clinician.accessKeyId, name: 'pacs-bridge', role: 'clinician', createdAt: expect.any(String) },
      { accessKeyId: scientist.accessKeyId, name: 'notebook', role: 'data-scientist', createdAt: expect.any(String) },
    ]);
    expect(JSON.stringify(reopened.list())).not.toContain(clinician.secretAccessKey);
    expect(reopened.revoke(scientist.accessKeyId)).toBe(true);
    expect(reopened.revoke(scientist.accessKeyId)).toBe(false);
    expect(AccessKeyStore.open(file).secretFor(scientist.accessKeyId)).toBeUndefined();
    expect(() => store.issue('bad name', 'admin')).toThrow(/name/);
  });

  it('reads a file written before keys had roles as admin keys, and refuses an unknown role', () => {
    const file = path.join(dir, 'keys.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        keys: [{ accessKeyId: 'AKIAOLDFILE000000001', secretAccessKey: 'old-secret-0123456789', createdAt: '2026-01-01T00:00:00.000Z' }],
      }),
    );
    const store = AccessKeyStore.open(file);
    expect(store.roleFor('AKIAOLDFILE000000001')).toBe('admin');
    expect(store.roleFor('AKIAUNKNOWN000000000')).toBeUndefined();
    expect(store.list()).toEqual([
      { accessKeyId: 'AKIAOLDFILE000000001', name: 'default', role: 'admin', createdAt: '2026-01-01T00:00:00.000Z' },
    ]);
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        keys: [{ accessKeyId: 'AKIAOLDFILE000000001', secretAccessKey: 'old-secret-0123456789', createdAt: 'x', role: 'root' }],
      }),
    );
    expect(() => AccessKeyStore.open(file)).toThrow(/not a version 1 access key file/);
  });
});
