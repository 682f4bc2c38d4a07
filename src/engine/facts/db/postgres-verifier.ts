/**
 * Whether a password matches a role's stored PostgreSQL verifier, computed on the hub: no login
 * is needed (pg_hba.conf may not let the hub in as the site), and nothing travels to the server.
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (RFC 5802/7677) or
 * `md5` + md5(password + role). PostgreSQL runs passwords through SASLprep before SCRAM, which is
 * the identity for printable ASCII only: for any other password the answer is "unknown".
 */
import { createHash, createHmac, pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const derive = promisify(pbkdf2);
const SCRAM = /^SCRAM-SHA-256\$(\d{1,7}):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/;
const MD5 = /^md5[0-9a-f]{32}$/;

/** true or false when the verifier tells, undefined when it cannot (another format, a non-ASCII password). */
export async function passwordMatchesVerifier(verifier: string, role: string, password: string): Promise<boolean | undefined> {
  if (MD5.test(verifier)) return same(Buffer.from(verifier), Buffer.from(`md5${createHash('md5').update(password + role).digest('hex')}`));
  const scram = SCRAM.exec(verifier);
  if (scram === null) return undefined;
  if (!/^[\x20-\x7e]*$/.test(password)) return undefined;
  const [, iterations = '0', salt = '', storedKey = '', serverKey = ''] = scram;
  const salted = await derive(password, Buffer.from(salt, 'base64'), Number(iterations), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const stored = createHash('sha256').update(clientKey).digest();
  const server = createHmac('sha256', salted).update('Server Key').digest();
  return same(stored, Buffer.from(storedKey, 'base64')) && same(server, Buffer.from(serverKey, 'base64'));
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
