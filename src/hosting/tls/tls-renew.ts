/**
 * `tls renew [@site]`: every TLS site (or the one named) whose certificate is missing, from
 * another issuer, missing a name, or expiring within 30 days gets a new one; each new one is
 * stored and a `verify @site` queued in the same transaction, which places it on every web head.
 * Sites are renewed one after the other; one failing does not stop the others.
 */
import { AegirError, certificateDue, NotFoundError, tlsIssuerOf, tlsModeOf, type Site } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
import { requestTask } from '../requests/request-task.js';
import { siteAlias } from '../entities/site-use-cases.js';
import { issueSiteCertificate, storeSiteCertificate, type IssueOptions } from './tls-issue.js';

export const RENEW_WITHIN_DAYS = 30;

export interface RenewOptions extends IssueOptions {
  /** Only this site (default every TLS site). */
  readonly site?: string;
  readonly withinDays?: number;
  /** Renew even when the certificate is current. */
  readonly force?: boolean;
  readonly now?: () => Date;
  /** Called before each site is issued, e.g. to print progress. */
  readonly onSite?: (alias: string) => void;
}

export type RenewOutcome =
  | { readonly site: string; readonly status: 'renewed'; readonly notAfter: string; readonly verifyTask?: number }
  | { readonly site: string; readonly status: 'current'; readonly notAfter: string }
  | { readonly site: string; readonly status: 'failed'; readonly error: string };

const installed = (site: Site): boolean => site.status === 'enabled' || site.status === 'disabled';

export async function renewCertificates(store: Store, actor: Actor, options: RenewOptions): Promise<RenewOutcome[]> {
  checkActor(actor);
  const now = options.now ?? (() => new Date());
  const inventory = await store.loadInventory();
  let sites = inventory.sites.filter((site) => tlsModeOf(site) !== 'off' && site.status !== 'deleted');
  if (options.site !== undefined) {
    const alias = siteAlias(options.site);
    const site = inventory.sites.find((s) => s.alias === alias);
    if (site === undefined) throw new NotFoundError('site', alias);
    if (tlsModeOf(site) === 'off') throw new AegirError('tls_off', `${alias} has TLS off: run 'aegir site set ${alias} --tls on' first`, { exitCode: 2 });
    sites = [site];
  }
  const outcomes: RenewOutcome[] = [];
  for (const site of sites) {
    if (options.force !== true && !certificateDue(site, now(), options.withinDays ?? RENEW_WITHIN_DAYS)) {
      outcomes.push({ site: site.alias, status: 'current', notAfter: site.certificate?.notAfter ?? '' });
      continue;
    }
    options.onSite?.(site.alias);
    try {
      const certificate = await issueSiteCertificate(inventory, site.alias, options);
      const verifyTask = await store.transaction(async (tx) => {
        await storeSiteCertificate(tx, site.alias, certificate);
        return installed(site) ? await requestTask(tx, actor, { verb: 'verify', target: site.alias }) : undefined;
      });
      outcomes.push({ site: site.alias, status: 'renewed', notAfter: certificate.notAfter, ...(verifyTask === undefined ? {} : { verifyTask }) });
    } catch (error) {
      outcomes.push({ site: site.alias, status: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}

/**
 * After `site set`: a site with TLS whose self-signed certificate is due gets one now (on the hub,
 * no server involved), so the next `verify` serves https. An ACME site waits for `tls renew`.
 */
export async function ensureSelfSignedCertificate(store: Store, actor: Actor, ref: string, options: IssueOptions): Promise<'issued' | 'current' | 'acme' | 'off'> {
  checkActor(actor);
  const alias = siteAlias(ref);
  const inventory = await store.loadInventory();
  const site = inventory.sites.find((s) => s.alias === alias);
  if (site === undefined || tlsModeOf(site) === 'off') return 'off';
  if (!certificateDue(site, new Date(), RENEW_WITHIN_DAYS)) return 'current';
  if (tlsIssuerOf(site) === 'acme') return 'acme';
  const certificate = await issueSiteCertificate(inventory, alias, options);
  await store.transaction((tx) => storeSiteCertificate(tx, alias, certificate));
  return 'issued';
}
