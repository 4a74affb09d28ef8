import * as fs from 'node:fs';
import { writeFileAtomicSync } from '../fs/write-file-atomic';
import type { Principal } from './principal';
import type { Role } from '../roles/roles';
import { ROLES } from '../roles/roles';
import { generateToken, hashToken, sameHash } from './token-hash';

/** One issued token as stored: its holder and the SHA-256 of the token, never the token. */
export interface TokenRecord extends Principal {
  sha256: string;
  createdAt: string;
}

interface TokenFile {
  version: 1;
  tokens: TokenRecord[];
}

/**
 * The issued bearer tokens, kept hashed in one JSON file (mode 0600) that is rewritten atomically
 * on every change. Lookup hashes the presented token and compares against every record in
 * constant time, so neither the answer's timing nor the file reveals a token.
 */
export class TokenStore {
  private records: TokenRecord[];

  private constructor(
    readonly file: string,
    records: TokenRecord[],
  ) {
    this.records = records;
  }

  /** Opens the store at `file`, empty when the file does not exist yet. */
  static open(file: string): TokenStore {
    if (!fs.existsSync(file)) return new TokenStore(file, []);
    let parsed: TokenFile;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as TokenFile;
    } catch (error) {
      throw new Error(`token file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    if (parsed?.version !== 1 || !Array.isArray(parsed.tokens) || !parsed.tokens.every(isRecord)) {
      throw new Error(`token file ${file} is not a version 1 token file`);
    }
    return new TokenStore(file, parsed.tokens);
  }

  /** The principal a token belongs to, or undefined. */
  authenticate(token: string | undefined): Principal | undefined {
    return token ? this.authenticateHash(hashToken(token)) : undefined;
  }

  /** The principal whose token has this SHA-256 (hex), or undefined: how a session checks its token is still held. */
  authenticateHash(sha256: string): Principal | undefined {
    // Visit every record whatever matches, so the time does not say which one did.
    let found: TokenRecord | undefined;
    for (const record of this.records) if (sameHash(record.sha256, sha256) && !found) found = record;
    return found && { name: found.name, role: found.role };
  }

  /** Issues a token to `name` (replacing any token that name held) and returns it: the only time it is seen. */
  issue(name: string, role: Role, token: string = generateToken()): string {
    this.put({ name, role, sha256: hashToken(token), createdAt: new Date().toISOString() });
    return token;
  }

  /** Whether `name` holds a token. */
  has(name: string): boolean {
    return this.records.some((r) => r.name === name);
  }

  /** Whether `name` holds exactly this token. */
  holds(name: string, token: string): boolean {
    const record = this.records.find((r) => r.name === name);
    return !!record && sameHash(record.sha256, hashToken(token));
  }

  /** Withdraws `name`'s token; true when there was one. */
  revoke(name: string): boolean {
    const before = this.records.length;
    const next = this.records.filter((r) => r.name !== name);
    if (next.length === before) return false;
    this.save(next);
    return true;
  }

  /** The holders, their roles and when their tokens were issued (no hashes). */
  list(): Omit<TokenRecord, 'sha256'>[] {
    return this.records.map((r) => ({ name: r.name, role: r.role, createdAt: r.createdAt }));
  }

  private put(record: TokenRecord): void {
    this.save([...this.records.filter((r) => r.name !== record.name), record]);
  }

  private save(records: TokenRecord[]): void {
    const file: TokenFile = { version: 1, tokens: records };
    writeFileAtomicSync(this.file, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
    this.records = records;
  }
}

function isRecord(value: unknown): value is TokenRecord {
  const r = value as TokenRecord;
  return (
    typeof r?.name === 'string' &&
    (ROLES as readonly string[]).includes(r.role) &&
    typeof r.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(r.sha256) &&
    typeof r.createdAt === 'string'
  );
}
