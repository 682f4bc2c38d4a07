import type { Command } from 'commander';
import { SITE_SETTABLE } from '../../hosting/index.js';
import { withStore, type CliContext } from '../cli-context.js';
import { changeLine, runVerifies } from './entity-change.js';
import { certificateLine, ensureCertificate, withSiteFields, type SiteFieldOptions } from './site-fields.js';

export function registerSiteSet(group: Command, ctx: CliContext): void {
  withSiteFields(group
    .command('set')
    .description(`change a site: ${SITE_SETTABLE.join(', ')} (aliases comma-separated; empty value = default), or the same options as site add; then verify it`)
    .argument('<uri>', 'the site')
    .argument('[KEY=VALUE...]', 'changes'), false)
    .action(async (uri: string, assignments: string[], opts: SiteFieldOptions) => {
      const { setSite } = await import('../../hosting/index.js');
      const fields: [string, string | undefined][] = [['platform', opts.platform], ['db', opts.db], ['client', opts.client]];
      const changes = {
        aliases: opts.alias.length === 0 ? undefined : opts.alias.join(','),
        redirect: opts.redirect,
        tls: opts.tls,
        tlsIssuer: opts.tlsIssuer,
      };
      const all = [...assignments, ...fields.flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${value}`]))];
      const { site, certificate } = await withStore(ctx, async (store) => {
        const changed = await setSite(store, ctx.actor, uri, all, changes);
        return { site: changed, certificate: await ensureCertificate(ctx, store, changed.alias) };
      });
      const { line, verifies } = await changeLine(ctx, { verb: 'changed', kind: 'site', alias: site.alias, name: site.uri }, opts.verify === true);
      ctx.io.out(line + certificateLine(certificate, [site.uri, ...site.aliases], site.alias));
      if (opts.verify === true) await runVerifies(ctx, verifies);
    });
}
