import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureAdminToken, LOCAL_ADMIN } from './admin-token';
import { bearerToken } from './bearer';
import { hashToken } from './token-hash';
import { TokenStore } from './token-store';

describe('TokenStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-tokens-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores only the SHA-256 of a token, in a 0600 file, and authenticates it after reopening', () => {
    const file = path.join(dir, 'auth', 'tokens.json');
    const token = TokenStore.open(file).issue('alice', 'admin');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).toContain(hashToken(token));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['tokens.json']); // no temporary file left behind
    const reopened = TokenStore.open(file);
    expect(reopened.authenticate(token)).toEqual({ name: 'alice', role: 'admin' });
    expect(reopened.authenticate(token + 'x')).toBeUndefined();
    expect(reopened.authenticate('')).toBeUndefined();
    expect(reopened.authenticate(undefined)).toBeUndefined();
  });

  it('re-issuing replaces the old token; revoking withdraws it', () => {
    const store = TokenStore.open(path.join(dir, 'tokens.json'));
    const first = store.issue('bob', 'clinician');
    const second = store.issue('bob', 'clinician');
    expect(store.authenticate(first)).toBeUndefined();
    expect(store.authenticate(second)).toEqual({ name: 'bob', role: 'clinician' });
    expect(store.revoke('bob')).toBe(true);
    expect(store.authenticate(second)).toBeUndefined();
    expect(store.revoke('bob')).toBe(false);
  });

  it('refuses a corrupt token file instead of starting open', () => {
    const file = path.join(dir, 'tokens.json');
    fs.writeFileSync(file, '{"version":1,"tokens":[{"name":"x","role":"root","sha256":"00","createdAt":"now"}]}');
    expect(() => TokenStore.open(file)).toThrow('is not a version 1 token file');
    fs.writeFileSync(file, '{');
    expect(() => TokenStore.open(file)).toThrow('is not valid JSON');
  });
});

describe('ensureAdminToken', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-admin-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('generates a token on the first start only', () => {
    const file = path.join(dir, 'tokens.json');
    const first = ensureAdminToken(TokenStore.open(file), undefined);
    expect(first.generated).toBe(true);
    const token = first.generated ? first.token : '';
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(ensureAdminToken(TokenStore.open(file), undefined)).toEqual({ generated: false });
    expect(TokenStore.open(file).authenticate(token)).toEqual({ name: LOCAL_ADMIN, role: 'admin' });
  });

  it('a configured token replaces the admin token', () => {
    const file = path.join(dir, 'tokens.json');
    const store = TokenStore.open(file);
    const generated = ensureAdminToken(store, undefined);
    expect(ensureAdminToken(store, 'configured-token-0123456789')).toEqual({ generated: false });
    expect(store.authenticate('configured-token-0123456789')?.role).toBe('admin');
    if (generated.generated) expect(store.authenticate(generated.token)).toBeUndefined();
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.DEF-123_~+/=', 'abc.DEF-123_~+/='],
    ['bearer abc', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
