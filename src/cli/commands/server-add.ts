import type { Command } from 'commander';
import { withStore, type CliContext } from '../cli-context.js';
import { readSecretsFromStdin } from '../stdin-secret.js';
import { collect } from './collect.js';

export function registerServerAdd(group: Command, ctx: CliContext): void {
  group
    .command('add')
    .description('add a server and its bundle of services')
    .argument('<alias>', 'the new server, e.g. @web1')
    .requiredOption('--host <host>', 'DNS name or IP address the hub reaches it at')
    .option('--ssh-port <port>', 'SSH port (default 22)')
    .option('--ssh-user <user>', 'SSH user (default root)')
    .option('--ssh-key <path>', 'SSH private key (absolute path)')
    .option('--http <impl>', 'nginx | apache | null (default null)')
    .option('--db <impl>', 'mysql | postgres | null (default null)')
    .option('--files <impl>', 'local | rsync (default rsync)')
    .option('--accept-host-key', "fetch the server's SSH host key now and trust it from then on")
    .option('--set <SERVICE.KEY=VALUE>', 'a service setting, repeatable; db.password=- reads standard input', collect, [])
    .action(async (alias: string, opts: Record<string, string | string[] | boolean | undefined>) => {
      const set = await readSecretsFromStdin(ctx.io, (opts.set as string[] | undefined) ?? []);
      const { addServerAndTrust } = await import('../../hosting/index.js');
      const { hubPublicKey, isLocalServer } = await import('../../hosting/index.js');
      const added = await withStore(ctx, (store) =>
        addServerAndTrust(store, ctx.actor, {
          alias,
          host: opts.host as string,
          sshPort: opts.sshPort as string | undefined,
          sshUser: opts.sshUser as string | undefined,
          sshKey: opts.sshKey as string | undefined,
          http: opts.http as string | undefined,
          db: opts.db as string | undefined,
          files: opts.files as string | undefined,
          set,
        }, { home: ctx.home, acceptHostKey: opts.acceptHostKey === true }),
      );
      const { server } = added;
      ctx.io.out(`added server ${server.alias}\n`);
      for (const line of added.fingerprints ?? []) ctx.io.out(`trusted host key ${line}\n`);
      if (!isLocalServer(server)) {
        ctx.io.out(`hub public key (add it to ${server.sshUser}@${server.host}:~/.ssh/authorized_keys):\n${await hubPublicKey(ctx.home)}\n`);
      }
    });
}
