/**
 * Self-signed certificates, made on the hub by the `openssl` binary (argv only): an ECDSA P-256
 * key and a certificate for the site's names, valid `days` days. The key is written into a fresh
 * 0700 directory (mkdtemp) under the hub's 0700 TLS dir and removed as soon as it has been read.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AegirError } from '../../model/errors.js';
import type { SiteCertificate } from '../../model/site-tls.js';
import { certificateFromPem } from '../../model/certificate.js';

const run = promisify(execFile);

export const SELF_SIGNED_DAYS = 90;
/** The longest common name X.509 allows; a longer uri is named in subjectAltName only. */
const MAX_COMMON_NAME = 64;

/** The openssl argv that writes `keyFile` and `certFile` for `names` (the first is the common name). */
export function selfSignedArgv(names: readonly string[], keyFile: string, certFile: string, days = SELF_SIGNED_DAYS): string[] {
  const [first] = names;
  if (first === undefined) throw new AegirError('tls_no_names', 'a certificate needs at least one name', { exitCode: 2 });
  const subject = first.length <= MAX_COMMON_NAME ? `/CN=${first}` : '/O=Aegir self-signed';
  return [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', String(days), '-subj', subject,
    '-addext', `subjectAltName=${names.map((name) => `DNS:${name}`).join(',')}`,
  ];
}

/** Makes a self-signed certificate for `names` with openssl, working in `tlsDir` (made 0700). */
export async function issueSelfSigned(names: readonly string[], tlsDir: string, days = SELF_SIGNED_DAYS): Promise<SiteCertificate> {
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const work = mkdtempSync(join(tlsDir, 'issue-'));
  try {
    const keyFile = join(work, 'key.pem');
    const certFile = join(work, 'cert.pem');
    try {
      await run('openssl', selfSignedArgv(names, keyFile, certFile, days), { timeout: 30_000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new AegirError('tls_self_signed_failed', `openssl could not make a certificate for ${names.join(', ')}: ${stderr.trim() || String(error)}`, { cause: error });
    }
    return certificateFromPem(readFileSync(certFile, 'utf8'), readFileSync(keyFile, 'utf8'), names, 'self-signed');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
