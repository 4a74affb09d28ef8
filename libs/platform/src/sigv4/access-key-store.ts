import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import { ConfigError } from '../config/config-error';
import { writeFileAtomicSync } from '../fs/write-file-atomic';
import { ROLES, type Role } from '../roles/roles';

/** An access key pair: the id is public, the secret signs requests (SigV4). */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Finds the secret of an access key id (what the SigV4 verifier needs). */
export interface AccessKeyLookup {
  secretFor(accessKeyId: string): string | undefined;
  /** The role a request signed with the key acts as; a lookup without roles acts as admin. */
  roleFor?(accessKeyId: string): Role | undefined;
}

/** What is known of a stored key besides its secret (what GET /admin/access-keys lists). */
export interface AccessKeyHolder {
  accessKeyId: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** Who a key is for: its role (admin unless said) and a name for people to recognise it by. */
export interface AccessKeyGrant {
  role?: Role;
  name?: string;
}

type StoredKey = AccessKey & { createdAt: string; role?: Role; name?: string };

interface AccessKeyFile {
  version: 1;
  keys: StoredKey[];
}

/** Key names: the same shape as bearer token holder names. */
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** The name of a key stored without one (the first-start or TRIAGE_ACCESS_KEY_ID key). */
const DEFAULT_KEY_NAME = 'default';

/** AWS's access key id shape: letters and digits, 16 to 128 characters. */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/**
 * The access keys SigV4 requests are verified against, in one JSON file (mode 0600, rewritten
 * atomically). HMAC verification needs the secret itself, so unlike bearer tokens it cannot be
 * kept hashed: the file is the secret, and nothing from it is ever logged.
 */
export class AccessKeyStore implements AccessKeyLookup {
  private constructor(
    readonly file: string,
    private keys: AccessKeyFile['keys'],
  ) {}

  /** Opens the store at `file`, empty when the file does not exist yet. */
  static open(file: string): AccessKeyStore {
    if (!fs.existsSync(file)) return new AccessKeyStore(file, []);
    let parsed: AccessKeyFile;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as AccessKeyFile;
    } catch (error) {
      throw new Error(`access key file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const valid = (k: StoredKey) =>
      typeof k?.accessKeyId === 'string' && typeof k.secretAccessKey === 'string' && (k.role === undefined || ROLES.includes(k.role));
    if (parsed?.version !== 1 || !Array.isArray(parsed.keys) || !parsed.keys.every(valid)) {
      throw new Error(`access key file ${file} is not a version 1 access key file`);
    }
    return new AccessKeyStore(file, parsed.keys);
  }

  /** The secret of `accessKeyId`, or undefined for an unknown id. */
  secretFor(accessKeyId: string): string | undefined {
    return this.keys.find((k) => k.accessKeyId === accessKeyId)?.secretAccessKey;
  }

  /** The role of `accessKeyId` (keys stored before roles existed are admin), or undefined for an unknown id. */
  roleFor(accessKeyId: string): Role | undefined {
    const key = this.keys.find((k) => k.accessKeyId === accessKeyId);
    return key === undefined ? undefined : (key.role ?? 'admin');
  }

  /** The keys held, without their secrets. */
  list(): AccessKeyHolder[] {
    return this.keys.map((k) => ({
      accessKeyId: k.accessKeyId,
      name: k.name ?? DEFAULT_KEY_NAME,
      role: k.role ?? 'admin',
      createdAt: k.createdAt,
    }));
  }

  /** Generates and stores a pair for `name` acting as `role`; the secret is returned once. */
  issue(name: string, role: Role): AccessKey {
    const key = generateAccessKey();
    this.put(key, { name, role });
    return key;
  }

  /** Removes a key; false when it was not held. */
  revoke(accessKeyId: string): boolean {
    const keys = this.keys.filter((k) => k.accessKeyId !== accessKeyId);
    if (keys.length === this.keys.length) return false;
    this.save(keys);
    return true;
  }

  /** Whether any key is configured. */
  get size(): number {
    return this.keys.length;
  }

  /** Whether the store holds exactly this pair. */
  holds(key: AccessKey): boolean {
    const secret = this.secretFor(key.accessKeyId);
    if (secret === undefined) return false;
    const a = Buffer.from(secret);
    const b = Buffer.from(key.secretAccessKey);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Adds a pair (replacing the secret of an id already held) for `grant` (admin by default) and saves the file. */
  put(key: AccessKey, grant: AccessKeyGrant = {}): void {
    checkAccessKey(key);
    const role = grant.role ?? 'admin';
    const name = grant.name ?? DEFAULT_KEY_NAME;
    if (!ROLES.includes(role)) throw new Error(`access key role must be one of ${ROLES.join(', ')}`);
    if (!KEY_NAME.test(name)) throw new Error('access key name must be letters, digits, . _ @ -; at most 64');
    const keys = this.keys.filter((k) => k.accessKeyId !== key.accessKeyId);
    keys.push({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, name, role, createdAt: new Date().toISOString() });
    this.save(keys);
  }

  private save(keys: StoredKey[]): void {
    const file: AccessKeyFile = { version: 1, keys };
    writeFileAtomicSync(this.file, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
    this.keys = keys;
  }
}

function checkAccessKey(key: AccessKey): void {
  if (!ACCESS_KEY_ID.test(key.accessKeyId))
    throw new ConfigError('TRIAGE_ACCESS_KEY_ID', 'must be 16 to 128 upper-case letters and digits');
  if (key.secretAccessKey.length < 16) throw new ConfigError('TRIAGE_SECRET_ACCESS_KEY', 'must be at least 16 characters');
}

/** What {@link ensureAccessKey} did: `generated` carries a new pair, to be shown once. */
export type AccessKeyResult = { generated: false } | { generated: true; key: AccessKey };

/** A fresh pair in AWS's shape: a 20-character id, a 40-character secret. */
export function generateAccessKey(): AccessKey {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = 'TRIA' + Array.from(randomBytes(16), (b) => alphabet[b % 32]).join('');
  return { accessKeyId: id, secretAccessKey: randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B') };
}

/**
 * Makes sure SigV4 clients can sign in: a configured pair (TRIAGE_ACCESS_KEY_ID /
 * TRIAGE_SECRET_ACCESS_KEY) is stored as an admin key; without one a pair is generated when the store is empty
 * and returned so the caller can print it once (to the terminal, never to the logs).
 */
export function ensureAccessKey(store: AccessKeyStore, configured: AccessKey | undefined): AccessKeyResult {
  if (configured !== undefined) {
    if (!store.holds(configured) || store.roleFor(configured.accessKeyId) !== 'admin') store.put(configured);
    return { generated: false };
  }
  if (store.size > 0) return { generated: false };
  const key = generateAccessKey();
  store.put(key);
  return { generated: true, key };
}

/** The pair configured by TRIAGE_ACCESS_KEY_ID and TRIAGE_SECRET_ACCESS_KEY; both or neither. */
export function accessKeyFromEnv(env: NodeJS.ProcessEnv = process.env): AccessKey | undefined {
  const accessKeyId = env['TRIAGE_ACCESS_KEY_ID'] || undefined;
  const secretAccessKey = env['TRIAGE_SECRET_ACCESS_KEY'] || undefined;
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined || secretAccessKey === undefined)
    throw new ConfigError(
      accessKeyId === undefined ? 'TRIAGE_ACCESS_KEY_ID' : 'TRIAGE_SECRET_ACCESS_KEY',
      'TRIAGE_ACCESS_KEY_ID and TRIAGE_SECRET_ACCESS_KEY must be set together',
    );
  const key = { accessKeyId, secretAccessKey };
  checkAccessKey(key);
  return key;
}
