import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { changeLine, runVerifies } from './entity-change.js';
import { certificateLine, ensureCertificate, withSiteFields, type SiteFieldOptions } from './site-fields.js';

export function registerSiteAdd(group: Command, ctx: CliContext): void {
  withSiteFields(group
    .command('add')
    .description("add a site record (the same options as site set); 'aegir install' installs it")
    .argument('<uri>', 'the site, e.g. wiki.example.com'), true)
    .action(async (uri: string, opts: SiteFieldOptions) => {
      const { addSite } = await import('../../hosting/index.js');
      const { site, certificate } = await withStore(ctx, async (store) => {
        const added = await addSite(store, ctx.actor, {
          uri, platform: opts.platform ?? '', db: opts.db ?? '', aliases: opts.alias.join(','),
          redirect: opts.redirect ?? false, client: opts.client, tls: opts.tls, tlsIssuer: opts.tlsIssuer,
        });
        return { site: added, certificate: await ensureCertificate(ctx, store, added.alias) };
      });
      const { line, verifies } = await changeLine(ctx, { verb: 'added', kind: 'site', alias: site.alias, name: site.uri }, opts.verify === true);
      ctx.io.out(line + certificateLine(certificate, [site.uri, ...site.aliases], site.alias));
      if (opts.verify === true) await runVerifies(ctx, verifies);
    });
}
