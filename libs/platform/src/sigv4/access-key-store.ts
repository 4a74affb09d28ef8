import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import { ConfigError } from '../config/config-error';
import { writeFileAtomic } from '../fs/write-file-atomic';

/** An access key pair: the id is public, the secret signs requests (SigV4). */
export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Finds the secret of an access key id (what the SigV4 verifier needs). */
export interface AccessKeyLookup {
  secretFor(accessKeyId: string): string | undefined;
}

interface AccessKeyFile {
  version: 1;
  keys: (AccessKey & { createdAt: string })[];
}

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
    if (parsed?.version !== 1 || !Array.isArray(parsed.keys) || !parsed.keys.every((k) => typeof k?.accessKeyId === 'string' && typeof k.secretAccessKey === 'string')) {
      throw new Error(`access key file ${file} is not a version 1 access key file`);
    }
    return new AccessKeyStore(file, parsed.keys);
  }

  /** The secret of `accessKeyId`, or undefined for an unknown id. */
  secretFor(accessKeyId: string): string | undefined {
    return this.keys.find((k) => k.accessKeyId === accessKeyId)?.secretAccessKey;
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

  /** Adds a pair (replacing the secret of an id already held) and saves the file. */
  put(key: AccessKey): void {
    checkAccessKey(key);
    const keys = this.keys.filter((k) => k.accessKeyId !== key.accessKeyId);
    keys.push({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, createdAt: new Date().toISOString() });
    const file: AccessKeyFile = { version: 1, keys };
    writeFileAtomic(this.file, JSON.stringify(file, null, 2) + '\n', 0o600);
    this.keys = keys;
  }
}

function checkAccessKey(key: AccessKey): void {
  if (!ACCESS_KEY_ID.test(key.accessKeyId)) throw new ConfigError('TRIAGE_ACCESS_KEY_ID', 'must be 16 to 128 upper-case letters and digits');
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
 * TRIAGE_SECRET_ACCESS_KEY) is stored; without one a pair is generated when the store is empty
 * and returned so the caller can print it once (to the terminal, never to the logs).
 */
export function ensureAccessKey(store: AccessKeyStore, configured: AccessKey | undefined): AccessKeyResult {
  if (configured !== undefined) {
    if (!store.holds(configured)) store.put(configured);
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
  if (accessKeyId === undefined || secretAccessKey === undefined) throw new ConfigError(accessKeyId === undefined ? 'TRIAGE_ACCESS_KEY_ID' : 'TRIAGE_SECRET_ACCESS_KEY', 'TRIAGE_ACCESS_KEY_ID and TRIAGE_SECRET_ACCESS_KEY must be set together');
  const key = { accessKeyId, secretAccessKey };
  checkAccessKey(key);
  return key;
}
