import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { collect } from './collect.js';

interface SiteSetOptions {
  alias: string[];
  redirect?: boolean;
  tls?: string;
  tlsIssuer?: string;
}

export function registerSiteSet(group: Command, ctx: CliContext): void {
  group
    .command('set')
    .description('change a site: platform, db, aliases (comma-separated), redirect, client, status, tls, tlsIssuer (empty value = default); then verify it')
    .argument('<uri>', 'the site')
    .argument('[KEY=VALUE...]', 'changes')
    .option('--alias <names>', 'the names the site also answers to (replacing the current ones), repeatable or comma-separated', collect, [])
    .option('--redirect', 'the aliases redirect (301) to the uri')
    .option('--no-redirect', 'the aliases serve the site')
    .option('--tls <mode>', 'https: off, on (beside http) or required (http redirects to https)')
    .option('--tls-issuer <issuer>', 'who issues the certificate: self-signed (default) or acme')
    .action(async (uri: string, assignments: string[], opts: SiteSetOptions) => {
      const { setSite } = await import('../../hosting/index.js');
      const { ensureSelfSignedCertificate } = await import('../../hosting/index.js');
      const { acmeSettingsFromEnv } = await import('../../hosting/index.js');
      const changes = {
        aliases: opts.alias.length === 0 ? undefined : opts.alias.join(','),
        redirect: opts.redirect,
        tls: opts.tls,
        tlsIssuer: opts.tlsIssuer,
      };
      const { site, certificate } = await withStore(ctx, async (store) => {
        const changed = await setSite(store, ctx.actor, uri, assignments, changes);
        const made = await ensureSelfSignedCertificate(store, ctx.actor, changed.alias, { home: ctx.home, acme: () => acmeSettingsFromEnv(process.env) });
        return { site: changed, certificate: made };
      });
      ctx.io.out(`changed site ${site.uri}\n`);
      if (certificate === 'issued') ctx.io.out(`made a self-signed certificate for ${[site.uri, ...site.aliases].join(', ')}\n`);
      if (certificate === 'acme') ctx.io.out(`get its certificate from the ACME CA with 'aegir tls renew ${site.alias}'\n`);
    });
}
