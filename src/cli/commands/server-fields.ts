import type { Command } from 'commander';
import { collect } from './collect.js';
import { withVerifyFlag, type VerifyFlag } from './entity-change.js';

/** The options `server add` and `server set` share: a server's fields, its services, its settings. */
export interface ServerFieldOptions extends VerifyFlag {
  host?: string;
  sshPort?: string;
  sshUser?: string;
  sshKey?: string;
  http?: string;
  db?: string;
  files?: string;
  set: string[];
  acceptHostKey?: boolean;
}

export function withServerFields(command: Command, host: 'required' | 'optional'): Command {
  const hostHelp = 'DNS name or IP address the hub reaches it at';
  return withVerifyFlag((host === 'required' ? command.requiredOption('--host <host>', hostHelp) : command.option('--host <host>', hostHelp))
    .option('--ssh-port <port>', 'SSH port (default 22)')
    .option('--ssh-user <user>', 'SSH user (default root)')
    .option('--ssh-key <path>', 'SSH private key (absolute path)')
    .option('--http <impl>', 'nginx | apache | null (default null)')
    .option('--db <impl>', 'mysql | postgres | null (default null)')
    .option('--files <impl>', 'local | rsync (default rsync)')
    .option('--set <SERVICE.KEY=VALUE>', 'a service setting, repeatable (e.g. http.port=8080); a password as db.password=- is asked for, or read from standard input', collect, [])
    .option('--accept-host-key', "fetch the server's SSH host key now and trust it from then on"));
}

/** The options as `KEY=VALUE` assignments (what `set` applies), then the `--set` ones. */
export function serverAssignments(opts: ServerFieldOptions): string[] {
  const fields: [string, string | undefined][] = [
    ['host', opts.host], ['sshPort', opts.sshPort], ['sshUser', opts.sshUser], ['sshKey', opts.sshKey],
    ['http', opts.http], ['db', opts.db], ['files', opts.files],
  ];
  return [...fields.flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${value}`])), ...opts.set];
}
