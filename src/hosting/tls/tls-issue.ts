/**
 * Issues a site's certificate on the hub and stores it in the site record (the key encrypted):
 * self-signed with openssl, or from the ACME CA with HTTP-01 answered on every web head of the
 * site's web target (through the engine, so each write and removal is logged and undone on
 * failure). Placing the certificate on the web heads is `verify @site`'s job.
 */
import { join } from 'node:path';
import { runPlan } from '../tasks/run.js';
import { AegirError, certificateNames, NotFoundError, tlsIssuerOf, tlsModeOf, type Inventory, type SiteCertificate } from '../../model/index.js';
import type { Plan } from '../../plan/index.js';
import { issueAcme, issueSelfSigned, type AcmeSettings, type ChallengePublisher } from '../../transport/tls/index.js';
import type { Store } from '../../store/index.js';
import { planChallengePublish, planChallengeWithdraw } from '../../tasks/tls-challenge.js';
import { platformOf, siteOf, webServersOf } from '../../model/navigation.js';
import { TaskConnections } from '../tasks/connections.js';

export interface IssueOptions {
  /** AEGIR_HOME: the hub's TLS dir (`<home>/tls`, 0700) and SSH material live there. */
  readonly home: string;
  /** The ACME settings, read only for a site whose issuer is `acme`. */
  readonly acme: () => AcmeSettings;
}

/** `<home>/tls`: the ACME account keys and openssl's scratch files. */
export function hubTlsDir(home: string): string {
  return join(home, 'tls');
}

/** Issues a certificate for the site's uri and aliases from its issuer; returns it without storing it. */
export async function issueSiteCertificate(inventory: Inventory, alias: string, options: IssueOptions): Promise<SiteCertificate> {
  const site = siteOf(inventory, alias);
  if (tlsModeOf(site) === 'off') throw new AegirError('tls_off', `${alias} has TLS off: run 'aegir site set ${alias} --tls on' first`, { exitCode: 2 });
  const names = certificateNames(site);
  const dir = hubTlsDir(options.home);
  if (tlsIssuerOf(site) === 'self-signed') return await issueSelfSigned(names, dir);
  if (site.status !== 'enabled') {
    throw new AegirError('tls_site_not_serving', `${alias} is ${site.status}: an ACME CA can only validate a site that serves (install or enable it first)`, { exitCode: 2 });
  }
  const settings = options.acme();
  const platform = platformOf(inventory, site.platform);
  const heads = webServersOf(inventory, platform);
  const connections = new TaskConnections(inventory, options.home);
  try {
    const run = async (plan: Plan): Promise<void> => {
      const result = await runPlan(plan, { transports: connections.transport });
      if (result.status !== 'succeeded') {
        const where = result.failure === undefined ? '' : ` on ${result.failure.server}: ${result.failure.reason}`;
        throw new AegirError('acme_challenge_placement_failed', `${plan.title} failed${where}`);
      }
    };
    const publisher: ChallengePublisher = {
      publish: (answers) => run(planChallengePublish(site.uri, platform.root, heads, answers)),
      withdraw: (answers) => run(planChallengeWithdraw(site.uri, platform.root, heads, answers.map((a) => a.token))),
    };
    return await issueAcme(names, settings, dir, publisher);
  } finally {
    await connections.close();
  }
}

/** Stores a certificate in the site record, unless the site changed its names or issuer meanwhile. */
export async function storeSiteCertificate(store: Store, alias: string, certificate: SiteCertificate): Promise<void> {
  const current = await store.sites.get(alias);
  if (current === undefined) throw new NotFoundError('site', alias);
  const names = certificateNames(current);
  if (tlsIssuerOf(current) !== certificate.issuer || names.some((name) => !certificate.names.includes(name))) {
    throw new AegirError('tls_site_changed', `${alias} changed while its certificate was issued (names or issuer): run 'aegir tls renew ${alias}' again`);
  }
  await store.sites.update({ ...current, certificate });
}
