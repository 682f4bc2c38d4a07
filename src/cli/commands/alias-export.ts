import type { Command } from 'commander';
import { resolve } from 'node:path';
import { AegirError } from '../../model/errors.js';
import { withStore, type CliContext } from '../cli-context.js';

/** `aegir alias export --drush DIR`: Drush site alias files of the Drupal sites. */
export function registerAlias(program: Command, ctx: CliContext): void {
  const group = program.command('alias').description('site aliases for other tools');
  group
    .command('export')
    .description('write one Drush site alias file (<name>.site.yml) per Drupal site into a directory')
    .requiredOption('--drush <dir>', 'the directory to write the alias files into')
    .action(async (opts: { drush: string }) => {
      if (opts.drush.trim() === '') throw new AegirError('bad_directory', '--drush needs a directory', { exitCode: 2 });
      const dir = resolve(opts.drush);
      const { exportDrushAliases } = await import('../../hosting/index.js');
      const written = await withStore(ctx, (store) => exportDrushAliases(store, ctx.actor, dir));
      ctx.io.out(written.length === 0 ? `no Drupal sites: nothing written to ${dir}\n` : `${written.map((name) => `wrote ${dir}/${name}`).join('\n')}\n`);
    });
}
