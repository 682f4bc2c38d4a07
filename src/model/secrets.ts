import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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
/** A secret key is this many random bytes. */
export const KEY_BYTES = 32;
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
