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
    expect(() => accessKeyFromEnv({ TRIAGE_ACCESS_KEY_ID: 'bad id', TRIAGE_SECRET_ACCESS_KEY: 'configured-secret-0123' })).toThrow(/TRIAGE_ACCESS_KEY_ID/);
  });
});
