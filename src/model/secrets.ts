import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { AegirError } from './errors.js';

/** What every rendering of a secret prints. */
export const REDACTED = '********';

/**
 * A secret value in memory. Every way of printing it (String, template literals, JSON,
 * util.inspect, console.log, pino) gives `********`; only `reveal()` gives the value.
 * Made from a function, it is opened (decrypted) on the first `reveal()` only: an inventory of
 * thousands of sites is read without decrypting the secrets no task of the run needs.
 */
export class Secret {
  #value: string | undefined;
  #open: (() => string) | undefined;

  constructor(value: string | (() => string)) {
    if (typeof value === 'string') this.#value = value;
    else this.#open = value;
  }

  reveal(): string {
    if (this.#value === undefined) {
      this.#value = (this.#open as () => string)();
      this.#open = undefined;
    }
    return this.#value;
  }

  equals(other: Secret): boolean {
    return this.reveal() === other.reveal();
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** A new random secret from `crypto.randomBytes`, base64url (`bytes` >= 18 gives >= 24 characters). */
export function generateSecret(bytes = 24): Secret {
  if (!Number.isInteger(bytes) || bytes < 18) throw new RangeError('a generated secret needs at least 18 bytes');
  return new Secret(randomBytes(bytes).toString('base64url'));
}

export const SECRET_KEY_FILE = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/**
 * Encrypts secrets at rest with AES-256-GCM. A blob is `v1:<iv>:<tag>:<ciphertext>`, each part
 * base64, with a fresh random 12-byte IV. An optional context (e.g. `server:@db1:db.password`)
 * is bound as additional authenticated data, so a blob copied to another place fails to open.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new AegirError('secret_key_invalid', `a secret key must be ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  /** The box for `<dir>/secret.key`; the key (32 random bytes, mode 0600) is created on first use. */
  static inDirectory(dir: string): SecretBox {
    return new SecretBox(loadOrCreateKey(join(dir, SECRET_KEY_FILE), dir));
  }

  encrypt(plain: string | Secret, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const text = typeof plain === 'string' ? plain : plain.reveal();
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64'))).join(':');
  }

  decrypt(blob: string, context = ''): string {
    const parts = typeof blob === 'string' ? blob.split(':') : [];
    const [version, iv, tag, body] = parts.map((p, i) => (i === 0 ? p : Buffer.from(p, 'base64')));
    if (parts.length !== 4 || version !== VERSION || !(iv instanceof Buffer) || !(tag instanceof Buffer) || !(body instanceof Buffer)
      || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw unreadable();
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (error) {
      throw unreadable(error);
    }
  }

  /** Decrypts into a Secret wrapper. */
  /** The secret sealed in `blob`, decrypted when it is first revealed (which throws if it cannot be). */
  open(blob: string, context = ''): Secret {
    return new Secret(() => this.decrypt(blob, context));
  }

  [inspect.custom](): string {
    return 'SecretBox { key: ******** }';
  }
}

function unreadable(cause?: unknown): AegirError {
  return new AegirError(
    'secret_unreadable',
    'a stored secret cannot be decrypted: the secret.key is not the one it was encrypted with, or the value was altered',
    { cause },
  );
}

function loadOrCreateKey(file: string, dir: string): Buffer {
  try {
    return checkKey(readFileSync(file), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Written aside, then linked into place: a concurrent first use never reads a half-written
  // key, and whichever process links first wins.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(temp, 0o600);
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  return checkKey(readFileSync(file), file);
}

function checkKey(key: Buffer, file: string): Buffer {
  if (key.length !== KEY_BYTES) {
    throw new AegirError('secret_key_invalid', `${file} holds ${key.length} bytes; a secret key is ${KEY_BYTES} random bytes`);
  }
  return key;
}
