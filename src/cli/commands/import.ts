import type { Command } from 'commander';
import { AegirError } from '../../model/errors.js';
import { withStore, type CliContext } from '../cli-context.js';
import { enqueueAndFollow } from './enqueue-follow.js';

interface ImportOptions {
  json?: boolean;
  wait: boolean;
}

/** Adopts one site, then queues its verify and follows it. */
async function importOne(ctx: CliContext, platform: string, uri: string, opts: ImportOptions): Promise<void> {
  const [{ importSite }, { requestTask }] = await Promise.all([
    import('../../hosting/index.js'), import('../../hosting/index.js'),
  ]);
  const site = await withStore(ctx, (store) => importSite(store, ctx.actor, ctx.home, { platform, uri }));
  if (opts.json !== true) ctx.io.out(`imported ${site.alias} on ${site.platform} (db ${site.db})\n`);
  await enqueueAndFollow(ctx, opts, (store) => requestTask(store, ctx.actor, { verb: 'verify', target: site.alias, args: {} }));
}

/**
 * `aegir import @platform uri`: adopt a site installed on the platform's disk, then verify it.
 * Without a uri: every site on the platform's disk that Aegir does not know, one after the other.
 */
export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description("adopt a site installed on a platform's disk without Aegir (its db settings are read there), then verify it; without a uri, every unknown site of the platform")
    .argument('<platform>', 'the platform the site is on, e.g. @mw139')
    .argument('[uri]', 'the site, e.g. old.example.com (its directory is sites/<uri>)')
    .option('--json', 'print each finished verify task as JSON')
    .option('--no-wait', 'queue the verify task, print its id and return')
    .action(async (platform: string, uri: string | undefined, opts: ImportOptions) => {
      if (uri !== undefined) {
        await importOne(ctx, platform, uri, opts);
        return;
      }
      const { sitesToImport } = await import('../../hosting/index.js');
      const found = await withStore(ctx, (store) => sitesToImport(store, ctx.actor, ctx.home, platform));
      if (found.length === 0) ctx.io.out(`no unknown sites on ${platform}\n`);
      const failed: string[] = [];
      for (const name of found) {
        try {
          await importOne(ctx, platform, name, opts);
        } catch (error) {
          failed.push(name);
          ctx.io.err(`aegir: ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
      if (failed.length > 0) throw new AegirError('import_failed', `${failed.length} of ${found.length} sites were not imported: ${failed.join(', ')}`);
    });
}
