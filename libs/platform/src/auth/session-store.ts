import { randomBytes, timingSafeEqual } from 'node:crypto';
import { openSqlite } from '../sqlite/open-sqlite';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { Principal } from './principal';
import { hashToken } from './token-hash';

/** The session database under a data directory. */
export function sessionStoreFile(dataDir: string): string {
  return path.join(dataDir, 'auth', 'sessions.sqlite');
}

/** Who holds a token, by the token's SHA-256 (the TokenStore answers): asked on every use, so a revoked token ends its sessions. */
export interface SessionTokens {
  authenticateHash(sha256: string): Principal | undefined;
}

export interface SessionStoreOptions {
  /** A session unused this long is over. */
  idleMs: number;
  /** No session lives longer than this. */
  maxMs: number;
  tokens: SessionTokens;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

/** A live session as a request sees it. */
export interface Session {
  principal: Principal;
  /** Sent back as X-CSRF-Token on every state-changing request the cookie authenticates. */
  csrfToken: string;
  /** When it ends unless used again (idle), never later than its absolute end; ISO 8601. */
  expiresAt: string;
}

/** A session just created: its id goes into the cookie and is never stored. */
export interface NewSession extends Session {
  sessionId: string;
  /** Seconds until the absolute end: the cookie's Max-Age. */
  maxAgeSeconds: number;
}

interface SessionRow {
  token_sha256: string;
  csrf_token: string;
  created_ms: number;
  last_used_ms: number;
}

/** Idle time is recorded at most this often: a busy viewer's frame requests do not each write a row. */
const TOUCH_EVERY_MS = 1_000;

/**
 * Browser sessions in SQLite (mode 0600): each a random 32-byte id, stored only as its SHA-256, with
 * the SHA-256 of the token it was exchanged for, a CSRF token, and its times. A session ends after
 * `idleMs` unused, after `maxMs` whatever, when signed out, or when its token is no longer held
 * (revoked or replaced): the token is looked up on every use, so the principal is always the
 * token's current holder. Sessions survive a restart.
 */
export class SessionStore {
  private readonly now: () => number;
  private readonly statements: {
    insert: Database.Statement;
    select: Database.Statement;
    touch: Database.Statement;
    remove: Database.Statement;
    purge: Database.Statement;
  };

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
    private readonly options: SessionStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.statements = {
      insert: db.prepare('INSERT INTO sessions (id_sha256, token_sha256, csrf_token, created_ms, last_used_ms) VALUES (?, ?, ?, ?, ?)'),
      select: db.prepare('SELECT token_sha256, csrf_token, created_ms, last_used_ms FROM sessions WHERE id_sha256 = ?'),
      touch: db.prepare('UPDATE sessions SET last_used_ms = ? WHERE id_sha256 = ?'),
      remove: db.prepare('DELETE FROM sessions WHERE id_sha256 = ?'),
      purge: db.prepare('DELETE FROM sessions WHERE created_ms <= ? OR last_used_ms <= ?'),
    };
    this.purgeExpired();
  }

  /** Opens (creating) the store at `file`. */
  static open(file: string, options: SessionStoreOptions): SessionStore {
    // NORMAL: a crash of the machine may cost the newest sign-ins, which sign in again.
    const db = openSqlite(file, { synchronous: 'NORMAL', private: true });
    db.exec(
      'CREATE TABLE IF NOT EXISTS sessions (id_sha256 TEXT PRIMARY KEY, token_sha256 TEXT NOT NULL, csrf_token TEXT NOT NULL, ' +
        'created_ms INTEGER NOT NULL, last_used_ms INTEGER NOT NULL)',
    );
    return new SessionStore(file, db, options);
  }

  /** Exchanges a bearer token for a new session; undefined when nobody holds the token. */
  create(token: string): NewSession | undefined {
    const tokenSha256 = hashToken(token);
    const principal = this.options.tokens.authenticateHash(tokenSha256);
    if (!principal) return undefined;
    const now = this.now();
    this.purgeExpired(now);
    const sessionId = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    this.statements.insert.run(hashToken(sessionId), tokenSha256, csrfToken, now, now);
    return {
      sessionId,
      principal,
      csrfToken,
      expiresAt: this.expiry(now, now),
      maxAgeSeconds: Math.floor(this.options.maxMs / 1000),
    };
  }

  /** The live session with this id (and notes its use), or undefined: unknown, expired, signed out, or its token gone. */
  lookup(sessionId: string | undefined): Session | undefined {
    if (!sessionId) return undefined;
    const id = hashToken(sessionId);
    const row = this.statements.select.get(id) as SessionRow | undefined;
    if (!row) return undefined;
    const now = this.now();
    const principal = this.options.tokens.authenticateHash(row.token_sha256);
    if (!principal || now >= row.created_ms + this.options.maxMs || now >= row.last_used_ms + this.options.idleMs) {
      this.statements.remove.run(id);
      return undefined;
    }
    if (now - row.last_used_ms >= TOUCH_EVERY_MS) this.statements.touch.run(now, id);
    return { principal, csrfToken: row.csrf_token, expiresAt: this.expiry(row.created_ms, now) };
  }

  /** Ends a session (sign-out); true when there was one. */
  revoke(sessionId: string): boolean {
    return this.statements.remove.run(hashToken(sessionId)).changes > 0;
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }

  private expiry(createdMs: number, lastUsedMs: number): string {
    return new Date(Math.min(createdMs + this.options.maxMs, lastUsedMs + this.options.idleMs)).toISOString();
  }

  private purgeExpired(now = this.now()): void {
    this.statements.purge.run(now - this.options.maxMs, now - this.options.idleMs);
  }
}

/** Whether the CSRF token a request presents is the session's, compared in constant time. */
export function sameCsrfToken(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
