/**
 * Certificates from an ACME CA through HTTP-01, with acme-client's step-by-step API: the account
 * (its key kept 0600 on the hub, one per directory URL), an order for the names, each name's
 * key authorization published by the caller on every web head, the challenges completed and
 * waited for, then a fresh ECDSA key, the CSR, finalize and download. The published tokens are
 * withdrawn whatever happens. The hub never fetches the challenge itself. acme-client (with its
 * HTTP and ASN.1 libraries) loads only when a certificate is ordered.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import type acmeClient from 'acme-client';
import { AegirError } from '../../model/errors.js';
import type { SiteCertificate } from '../../model/site-tls.js';
import { certificateFromPem } from '../../model/certificate.js';

/** How the hub reaches its ACME CA (read from the environment by the hub). */
export interface AcmeSettings {
  readonly directoryUrl: string;
  /** PEM of the CAs trusted for the ACME server's https; default the system's. */
  readonly ca?: string;
  readonly email?: string;
  readonly pollMs: number;
}

/** One HTTP-01 challenge to answer: GET /.well-known/acme-challenge/<token> gives the key authorization. */
export interface Http01Answer {
  readonly token: string;
  readonly keyAuthorization: string;
}

/** Places the answers on every web head of the site, and takes them away again. */
export interface ChallengePublisher {
  publish(answers: readonly Http01Answer[]): Promise<void>;
  withdraw(answers: readonly Http01Answer[]): Promise<void>;
}

const TOKEN = /^[A-Za-z0-9_-]{1,255}$/;

type Acme = typeof acmeClient;

export async function issueAcme(names: readonly string[], settings: AcmeSettings, tlsDir: string, publisher: ChallengePublisher): Promise<SiteCertificate> {
  const { default: acme } = await import('acme-client');
  const httpsAgent = new Agent(settings.ca === undefined ? {} : { ca: settings.ca });
  const previousAgent: unknown = acme.axios.defaults.httpsAgent;
  acme.axios.defaults.httpsAgent = httpsAgent;
  try {
    const client = new acme.Client({
      directoryUrl: settings.directoryUrl,
      accountKey: await accountKey(acme, tlsDir, settings.directoryUrl),
      backoffAttempts: 10,
      backoffMin: settings.pollMs,
      backoffMax: settings.pollMs * 10,
    });
    await step('register the ACME account', async () => {
      // An account the key already has is only looked up: an update that changes nothing is refused by some CAs.
      const existing = await client.createAccount({ onlyReturnExisting: true }).then(() => true, () => false);
      if (!existing) {
        await client.createAccount({ termsOfServiceAgreed: true, ...(settings.email === undefined ? {} : { contact: [`mailto:${settings.email}`] }) });
      }
    });
    const order = await step('create the order', () => client.createOrder({ identifiers: names.map((value) => ({ type: 'dns', value })) }));
    const authorizations = await step('read the authorizations', () => client.getAuthorizations(order));
    const pending = authorizations.filter((authz) => authz.status !== 'valid').map((authz) => {
      const challenge = authz.challenges.find((c) => c.type === 'http-01');
      if (challenge === undefined) throw new AegirError('acme_no_http01', `the ACME server offers no HTTP-01 challenge for ${authz.identifier.value}`);
      if (!TOKEN.test(challenge.token)) throw new AegirError('acme_bad_token', `the ACME server sent a malformed token for ${authz.identifier.value}`);
      return { authz, challenge };
    });
    const answers = await Promise.all(pending.map(async ({ challenge }) => ({
      token: challenge.token, keyAuthorization: await client.getChallengeKeyAuthorization(challenge),
    })));
    await publisher.publish(answers);
    try {
      for (const { authz, challenge } of pending) {
        await step(`complete the challenge for ${authz.identifier.value}`, () => client.completeChallenge(challenge));
      }
      for (const { authz, challenge } of pending) {
        await step(`validate ${authz.identifier.value} (HTTP-01)`, () => client.waitForValidStatus(challenge));
      }
    } finally {
      await publisher.withdraw(answers);
    }
    const key = await acme.crypto.createPrivateEcdsaKey();
    const [, csr] = await acme.crypto.createCsr({ commonName: names[0] ?? '', altNames: [...names] }, key);
    const finalized = await step('finalize the order', () => client.finalizeOrder(order, csr));
    const chain = await step('download the certificate', () => client.getCertificate(finalized));
    return certificateFromPem(chain, key.toString('utf8'), names, 'acme');
  } finally {
    acme.axios.defaults.httpsAgent = previousAgent as typeof acme.axios.defaults.httpsAgent;
    httpsAgent.destroy();
  }
}

/** The hub's account key for a directory: made once (ECDSA P-256), kept 0600 in the hub's TLS dir. */
async function accountKey(acme: Acme, tlsDir: string, directoryUrl: string): Promise<Buffer> {
  const digest = createHash('sha256').update(directoryUrl).digest('hex').slice(0, 16);
  const path = join(tlsDir, `acme-account-${digest}.key`);
  if (existsSync(path)) return readFileSync(path);
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const key = await acme.crypto.createPrivateEcdsaKey();
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, key, { mode: 0o600 });
  renameSync(temp, path);
  return key;
}

async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AegirError) throw error;
    throw new AegirError('acme_failed', `ACME: cannot ${what}: ${(error as Error).message}`, { cause: error });
  }
}
