import type { Command } from 'commander';
import { AegirError } from '../../model/errors.js';
import { withStore, type CliContext } from '../cli-context.js';
import { confirmByTyping } from '../confirm.js';
import { renderJson } from '../render/json.js';
import type { TaskFlags } from './task-flags.js';

/** `aegir lock @platform`, `aegir unlock @platform`. */
export function registerPlatformLifecycle(program: Command, ctx: CliContext): void {
  for (const [verb, locked] of [['lock', true], ['unlock', false]] as const) {
    program
      .command(verb)
      .description(locked ? 'lock a platform: it takes no new sites (clone, migrate onto it are refused)' : 'unlock a platform: it takes new sites again')
      .argument('<platform>', 'the platform, e.g. @mw139')
      .action(async (platform: string) => {
        const { lockPlatform } = await import('../../hosting/backups/platform-lifecycle.js');
        await withStore(ctx, (store) => lockPlatform(store, ctx.actor, ctx.home, platform, locked));
        ctx.io.out(`${platform} ${locked ? 'locked' : 'unlocked'}\n`);
      });
  }
}

/**
 * What `aegir delete @platform` runs: refused while the platform has sites; it runs at once (it is
 * not queued, so --no-wait is refused). The person confirms by typing its name, unless --yes.
 */
export async function deletePlatformCommand(ctx: CliContext, platform: string, opts: TaskFlags & { yes?: boolean }): Promise<void> {
  if (!opts.wait) throw new AegirError('bad_option', `delete ${platform} runs at once (a platform delete is not queued): leave out --no-wait`, { exitCode: 2 });
  const [{ deletePlatform }, { platformServers, trustServers }] = await Promise.all([
    import('../../hosting/backups/platform-lifecycle.js'), import('../../hosting/trust-servers.js'),
  ]);
  // The dry run checks everything first (sites left on it): nobody is asked to confirm a refusal.
  const plan = await withStore(ctx, (store) => deletePlatform(store, ctx.actor, ctx.home, platform, true));
  if (opts.dryRun === true) {
    ctx.io.out(opts.json === true ? renderJson({ platform, dryRun: true, actions: plan.split('\n').filter((line) => line !== '') }) : `${plan}\n`);
    return;
  }
  const name = platform.slice(1);
  await confirmByTyping(ctx, {
    warning: `This deletes platform ${platform}: the code the hub placed on its web heads, then its record.`,
    what: "the platform's name",
    answer: name,
    command: `aegir delete ${platform}`,
  }, opts.yes === true);
  const text = await withStore(ctx, async (store) => {
    if (opts.acceptHostKey === true) await trustServers(ctx.home, platformServers(await store.loadInventory(), platform), (line) => ctx.io.err(`${line}\n`));
    return await deletePlatform(store, ctx.actor, ctx.home, platform, false);
  });
  ctx.io.out(opts.json === true ? renderJson({ platform, deleted: true }) : `${text}\n`);
}
