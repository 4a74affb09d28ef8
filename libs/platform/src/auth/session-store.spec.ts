import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SessionStore, sameCsrfToken, sessionStoreFile } from './session-store';
import type { NewSession } from './session-store';
import { TokenStore } from './token-store';
import { hashToken } from './token-hash';

const MINUTE = 60_000;

function signIn(store: SessionStore, token: string): NewSession {
  const session = store.create(token);
  if (!session) throw new Error('the token was refused');
  return session;
}

describe('SessionStore', () => {
  let dir: string;
  let tokens: TokenStore;
  let token: string;
  let clock: number;
  const opened: SessionStore[] = [];
  const open = () => {
    const store = SessionStore.open(sessionStoreFile(dir), { idleMs: 30 * MINUTE, maxMs: 120 * MINUTE, tokens, now: () => clock });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-sessions-'));
    tokens = TokenStore.open(path.join(dir, 'auth', 'tokens.json'));
    token = tokens.issue('carol', 'clinician');
    clock = Date.parse('2025-01-01T08:00:00.000Z');
  });
  afterEach(() => {
    for (const store of opened.splice(0)) store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exchanges a held token for a session: random id, CSRF token, idle expiry, Max-Age of the absolute lifetime', () => {
    const sessions = open();
    const created = sessions.create(token);
    expect(created).toEqual({
      sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      principal: { name: 'carol', role: 'clinician' },
      expiresAt: '2025-01-01T08:30:00.000Z',
      maxAgeSeconds: 7200,
    });
    expect(sessions.create(token)?.sessionId).not.toBe(created?.sessionId);
    expect(sessions.create('not-a-token-0123456789')).toBeUndefined();
    expect(sessions.lookup(created?.sessionId)).toEqual({
      principal: { name: 'carol', role: 'clinician' },
      csrfToken: created?.csrfToken,
      expiresAt: '2025-01-01T08:30:00.000Z',
    });
  });

  it('keeps only hashes of the session id and the token, in a 0600 file, and survives a restart', () => {
    const created = signIn(open(), token);
    opened.pop()?.close();
    const file = sessionStoreFile(dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT id_sha256, token_sha256 FROM sessions').all();
    db.close();
    expect(rows).toEqual([{ id_sha256: hashToken(created.sessionId), token_sha256: hashToken(token) }]);
    const bytes = fs.readdirSync(path.dirname(file)).map((name) => fs.readFileSync(path.join(path.dirname(file), name)).toString('latin1'));
    for (const text of bytes) {
      expect(text).not.toContain(created.sessionId);
      expect(text).not.toContain(token);
    }
    expect(open().lookup(created.sessionId)?.principal).toEqual({ name: 'carol', role: 'clinician' });
  });

  it.each([
    ['used within the idle period, again and again', [29, 29, 29, 29], true],
    ['unused for the idle period', [30], false],
    ['busy past the absolute lifetime', [29, 29, 29, 29, 5], false],
  ])('a session %s: alive %s', (_name, gapsInMinutes, alive) => {
    const sessions = open();
    const { sessionId } = signIn(sessions, token);
    let live = true;
    for (const gap of gapsInMinutes) {
      clock += gap * MINUTE;
      live = sessions.lookup(sessionId) !== undefined;
    }
    expect(live).toBe(alive);
  });

  it('says when it ends: the idle end moves with use, never past the absolute end', () => {
    const sessions = open();
    const { sessionId } = signIn(sessions, token);
    clock += 20 * MINUTE;
    expect(sessions.lookup(sessionId)?.expiresAt).toBe('2025-01-01T08:50:00.000Z');
    clock += 80 * MINUTE - 1;
    expect(sessions.lookup(sessionId)).toBeUndefined(); // 80 min unused
    clock = Date.parse('2025-01-01T12:00:00.000Z');
    const again = signIn(sessions, token);
    const ends: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      clock += 25 * MINUTE;
      ends.push(sessions.lookup(again.sessionId)?.expiresAt);
    }
    expect(ends).toEqual(['2025-01-01T12:55:00.000Z', '2025-01-01T13:20:00.000Z', '2025-01-01T13:45:00.000Z', '2025-01-01T14:00:00.000Z']);
  });

  it('ends with sign-out, with its token revoked, and with its token replaced', () => {
    const sessions = open();
    const signedOut = signIn(sessions, token);
    expect(sessions.revoke(signedOut.sessionId)).toBe(true);
    expect(sessions.revoke(signedOut.sessionId)).toBe(false);
    expect(sessions.lookup(signedOut.sessionId)).toBeUndefined();

    const revoked = signIn(sessions, token);
    tokens.revoke('carol');
    expect(sessions.lookup(revoked.sessionId)).toBeUndefined();
    const replaced = signIn(sessions, tokens.issue('carol', 'clinician'));
    tokens.issue('carol', 'clinician');
    expect(sessions.lookup(replaced.sessionId)).toBeUndefined();
    expect(sessions.lookup(undefined)).toBeUndefined();
    expect(sessions.lookup('never-issued')).toBeUndefined();
  });

  it('compares CSRF tokens exactly', () => {
    expect(sameCsrfToken('abc', 'abc')).toBe(true);
    expect(sameCsrfToken('abc', 'abd')).toBe(false);
    expect(sameCsrfToken('abc', 'abcd')).toBe(false);
    expect(sameCsrfToken('abc', undefined)).toBe(false);
  });
});
