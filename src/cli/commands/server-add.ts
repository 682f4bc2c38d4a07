import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { readSecretsFromStdin } from '../stdin-secret.js';
import { changeLine, runVerifies } from './entity-change.js';
import { withServerFields, type ServerFieldOptions } from './server-fields.js';

export function registerServerAdd(group: Command, ctx: CliContext): void {
  withServerFields(group
    .command('add')
    .description('add a server and its bundle of services (the same options as server set)')
    .argument('<alias>', 'the new server, e.g. @web1'), 'required')
    .action(async (alias: string, opts: ServerFieldOptions) => {
      const set = await readSecretsFromStdin(ctx.io, opts.set);
      const { addServerAndTrust } = await import('../../hosting/index.js');
      const { hubPublicKey, isLocalServer } = await import('../../hosting/index.js');
      const added = await withStore(ctx, (store) =>
        addServerAndTrust(store, ctx.actor, {
          alias, host: opts.host ?? '', sshPort: opts.sshPort, sshUser: opts.sshUser, sshKey: opts.sshKey,
          http: opts.http, db: opts.db, files: opts.files, set,
        }, { home: ctx.home, acceptHostKey: opts.acceptHostKey === true }),
      );
      const { server } = added;
      const { line, verifies } = await changeLine(ctx, { verb: 'added', kind: 'server', alias: server.alias, name: server.alias }, opts.verify === true);
      ctx.io.out(line);
      for (const fingerprint of added.fingerprints ?? []) ctx.io.out(`trusted host key ${fingerprint}\n`);
      if (!isLocalServer(server)) {
        ctx.io.out(`hub public key (add it to ${server.sshUser}@${server.host}:~/.ssh/authorized_keys):\n${await hubPublicKey(ctx.home)}\n`);
      }
      if (opts.verify === true) await runVerifies(ctx, verifies);
    });
}
