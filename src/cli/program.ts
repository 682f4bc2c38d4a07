import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AegirCommand } from './aegir-command.js';
import type { CliContext } from './cli-context.js';
import { registerAlias } from './commands/alias-export.js';
import { registerClient } from './commands/client.js';
import { registerDelete } from './commands/delete.js';
import { registerInstall } from './commands/install.js';
import { registerCluster } from './commands/cluster.js';
import { registerInit } from './commands/init.js';
import { registerList } from './commands/list.js';
import { registerLogin } from './commands/login.js';
import { registerPlatform } from './commands/platform.js';
import { registerServe } from './commands/serve.js';
import { registerServer } from './commands/server.js';
import { registerShow } from './commands/show.js';
import { registerSite } from './commands/site.js';
import { registerTask } from './commands/task.js';
import { registerTaskVerb } from './commands/task-verb.js';
import { registerTls } from './commands/tls.js';
import { registerBackup } from './commands/backup.js';
import { registerRestore } from './commands/restore.js';
import { registerClone } from './commands/clone.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPlatformLifecycle } from './commands/platform-lifecycle.js';
import { registerImport } from './commands/import.js';
import { registerHelp } from './help-command.js';

/**
 * The `aegir` command tree. Errors are thrown (exitOverride, set before any subcommand so they
 * inherit it) and turned into exit codes by `runCli`; commander's messages go out as `aegir: ...`.
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new AegirCommand('aegir');
  program.exitOverride();
  program
    .description('Aegir: hosting for PHP sites on many servers, from one hub')
    .version(packageVersion(), '-V, --version', 'print the version of aegir')
    .configureOutput({
      writeOut: (text) => ctx.io.out(text),
      writeErr: (text) => ctx.io.err(text),
      outputError: (text, write) => write(`aegir: ${text.replace(/^error: /, '')}`),
    })
    .showSuggestionAfterError(true);
  registerInit(program, ctx);
  registerServer(program, ctx);
  registerCluster(program, ctx);
  registerPlatform(program, ctx);
  registerSite(program, ctx);
  registerClient(program, ctx);
  registerList(program, ctx);
  registerShow(program, ctx);
  registerTaskVerb(program, ctx, 'verify', 'converge a server, platform or site to what Aegir plans; --dry-run shows the plan and its diffs');
  registerInstall(program, ctx);
  registerTaskVerb(program, ctx, 'disable', 'disable a site: every web head answers with the "site disabled" page (503)');
  registerTaskVerb(program, ctx, 'enable', 'enable a disabled site again');
  registerDelete(program, ctx);
  registerAlias(program, ctx);
  registerTask(program, ctx);
  registerServe(program, ctx);
  registerTls(program, ctx);
  registerLogin(program, ctx);
  registerBackup(program, ctx);
  registerRestore(program, ctx);
  registerClone(program, ctx);
  registerMigrate(program, ctx);
  registerPlatformLifecycle(program, ctx);
  registerImport(program, ctx);
  registerHelp(program, ctx);
  return program;
}

/** The version in package.json (two levels up from src/cli/ and from dist/cli/). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
