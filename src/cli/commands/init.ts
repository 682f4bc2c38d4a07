import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init')
    .description('create AEGIR_HOME, the database, the secret key and the server @localhost (safe to run again)')
    .action(async () => {
      const { initHub } = await import('../../hosting/index.js');
      const result = await initHub(ctx.actor, { home: ctx.home, databaseUrl: ctx.databaseUrl, pathEnv: ctx.pathEnv });
      const where = result.backend === 'sqlite' ? `sqlite ${result.databaseFile ?? ''}` : 'postgres (AEGIR_DATABASE_URL)';
      const hub = result.hub.services;
      ctx.io.out(`hub ready in ${result.home} (database: ${where})\n`);
      ctx.io.out(
        `${result.hubCreated ? 'added' : 'kept'} server ${result.hub.alias}: http=${hub.http.impl} db=${hub.db.impl} files=${hub.files.impl}\n`,
      );
      ctx.io.out(`hub public key (add it to each server's ~/.ssh/authorized_keys):\n${result.publicKey}\n`);
    });
}
