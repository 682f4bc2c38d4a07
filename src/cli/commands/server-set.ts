import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { readSecretsFromStdin } from '../stdin-secret.js';

export function registerServerSet(group: Command, ctx: CliContext): void {
  group
    .command('set')
    .description('change a server: host, sshPort, sshUser, sshKey, http|db|files=IMPL, SERVICE.KEY=VALUE (empty value = default)')
    .argument('<alias>', 'the server, e.g. @web1')
    .argument('<KEY=VALUE...>', 'changes; db.password=- reads standard input')
    .action(async (alias: string, assignments: string[]) => {
      const changes = await readSecretsFromStdin(ctx.io, assignments);
      const { setServer } = await import('../../hosting/index.js');
      const server = await withStore(ctx, (store) => setServer(store, ctx.actor, alias, changes));
      ctx.io.out(`changed server ${server.alias}\n`);
    });
}
