import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

/** `aegir login @site`: prints a one-time administrator login link, where the site's app can make one. */
export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('print a one-time administrator login link for a site (Drupal with drush; other apps have none)')
    .argument('<site>', 'the site, e.g. @www.example.com')
    .action(async (site: string) => {
      const { siteLoginLink } = await import('../../hosting/index.js');
      const link = await withStore(ctx, (store) => siteLoginLink(store, ctx.actor, site, { home: ctx.home }));
      ctx.io.out(`${link}\n`);
    });
}
