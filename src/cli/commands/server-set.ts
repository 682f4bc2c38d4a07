import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { readSecretsFromStdin } from '../stdin-secret.js';
import { reportChange } from './entity-change.js';
import { serverAssignments, withServerFields, type ServerFieldOptions } from './server-fields.js';

export function registerServerSet(group: Command, ctx: CliContext): void {
  withServerFields(group
    .command('set')
    .description('change a server: host, sshPort, sshUser, sshKey, http|db|files=IMPL, SERVICE.KEY=VALUE (empty value = default), or the same options as server add; then verify it')
    .argument('<alias>', 'the server, e.g. @web1')
    .argument('[KEY=VALUE...]', 'changes; a password as db.password=- is asked for, or read from standard input'), 'optional')
    .action(async (alias: string, assignments: string[], opts: ServerFieldOptions) => {
      const changes = await readSecretsFromStdin(ctx.io, [...serverAssignments(opts), ...assignments]);
      const [{ setServer }, { trustServers }] = await Promise.all([
        import('../../hosting/index.js'), import('../../hosting/index.js'),
      ]);
      const server = await withStore(ctx, async (store) => {
        const changed = await setServer(store, ctx.actor, alias, changes);
        if (opts.acceptHostKey === true) await trustServers(ctx.home, [changed], (text) => ctx.io.out(`${text}\n`));
        return changed;
      });
      const keys = changes.map((change) => change.slice(0, Math.max(0, change.indexOf('='))));
      await reportChange(ctx, { verb: 'changed', kind: 'server', alias: server.alias, name: server.alias, keys }, opts);
    });
}
