import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';

/** `aegir alias export --drush DIR`: Drush site alias files of the Drupal sites. */
export function registerAlias(program: Command, ctx: CliContext): void {
  const group = program.command('alias').description('site aliases for other tools');
  group
    .command('export')
    .description('write one Drush site alias file (<name>.site.yml) per Drupal site into a directory')
    .requiredOption('--drush <dir>', 'the directory to write the alias files into')
    .action(async (opts: { drush: string }) => {
      const { exportDrushAliases } = await import('../../hosting/index.js');
      const { dir, written } = await withStore(ctx, (store) => exportDrushAliases(store, ctx.actor, opts.drush));
      ctx.io.out(written.length === 0 ? `no Drupal sites: nothing written to ${dir}\n` : `${written.map((name) => `wrote ${dir}/${name}`).join('\n')}\n`);
    });
}
