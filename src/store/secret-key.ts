/**
 * The hub's secret key on disk: `<AEGIR_HOME>/secret.key`, 32 random bytes, mode 0600, made on
 * first use (written aside and linked into place, so that two processes starting at once agree).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AegirError, KEY_BYTES, SECRET_KEY_FILE, SecretBox } from '../model/index.js';

/** The box for `<dir>/secret.key`; the key is created on first use. */
export function secretBoxIn(dir: string): SecretBox {
  return new SecretBox(loadOrCreateKey(join(dir, SECRET_KEY_FILE), dir));
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
