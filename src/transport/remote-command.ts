import { ValidationError } from '../model/errors.js';
import { shellQuote, shellQuoteArgv } from './shell-quote.js';
import type { ExecRequest } from './transport.js';

/**
 * Reads `NAME=<base64 value>` lines from stdin up to an empty line, exports them, then runs
 * its arguments with the rest of stdin. `read` takes stdin one byte at a time from a pipe, so
 * what follows the preamble reaches the command untouched. Env values thus never appear in
 * any argv, on the hub or on the server.
 */
export const ENV_PREAMBLE_SCRIPT = [
  'while IFS= read -r aegir_line; do',
  '  [ -z "$aegir_line" ] && break',
  `  aegir_value=$(printf '%s' "\${aegir_line#*=}" | base64 -d; echo x)`,
  '  export "${aegir_line%%=*}=${aegir_value%x}"',
  'done',
  'unset aegir_line aegir_value',
  'exec "$@"',
].join('\n');

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

export interface RemoteCommand {
  /** The one command string ssh sends; holds no env value and no stdin. */
  readonly command: string;
  /** What ssh writes to the remote command's stdin: the env preamble (if any), then the request's stdin. */
  readonly stdin: Buffer;
}

/**
 * The remote command line for an exec over ssh:
 * `[cd DIR &&] [timeout -k 2 Ns] [runuser -u USER --] [sh -c PREAMBLE sh] ARGV...`, each argv
 * element quoted by `shellQuote`.
 */
export function buildRemoteCommand(request: ExecRequest): RemoteCommand {
  const words: string[] = [];
  if (request.timeoutMs !== undefined) {
    words.push('timeout', '-k', '2', `${Math.max(request.timeoutMs, 1) / 1000}s`);
  }
  if (request.user !== undefined) {
    if (!USER.test(request.user)) throw new ValidationError('user', request.user, 'is not a valid user name');
    words.push('runuser', '-u', request.user, '--');
  }
  const env = Object.entries(request.env ?? {});
  let preamble = Buffer.alloc(0);
  if (env.length > 0) {
    const lines = env.map(([name, value]) => {
      if (!ENV_NAME.test(name)) throw new ValidationError('env', name, 'is not a valid variable name');
      return `${name}=${Buffer.from(value, 'utf8').toString('base64')}\n`;
    });
    preamble = Buffer.from(`${lines.join('')}\n`, 'utf8');
    words.push('sh', '-c', ENV_PREAMBLE_SCRIPT, 'sh');
  }
  let command = shellQuoteArgv([...words, ...request.argv]);
  if (request.cwd !== undefined) {
    if (!request.cwd.startsWith('/')) throw new ValidationError('cwd', request.cwd, 'must be an absolute path');
    command = `cd ${shellQuote(request.cwd)} && ${command}`;
  }
  const stdin = request.stdin === undefined ? Buffer.alloc(0) : Buffer.from(request.stdin);
  return { command, stdin: Buffer.concat([preamble, stdin]) };
}
