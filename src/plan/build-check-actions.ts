/**
 * The constructor of HTTP checks, and what web configs and the executor agree on about config
 * generations: the response header a web server's default server names its generation in, and
 * the form of a generation token. A token is derived from the content of a config change, so
 * planning stays pure and the same change always carries the same token.
 */
import { createHash } from 'node:crypto';
import type { HttpCheckAction, HttpExpectation, Undo } from './action.js';
import { baseFields, finishAction, type ActionOptions } from './build-common.js';

/** The header every answer of a web server's default server carries: its config generation. */
export const GENERATION_HEADER = 'X-Aegir-Generation';

/** A generation token: `aegir-` and 24 hex digits. */
export const GENERATION_PATTERN = /aegir-[0-9a-f]{24}/;

/** The Host header and path the default server is asked with (no site has a name under `.invalid`). */
export const GENERATION_HOST = 'aegir-generation.invalid';
export const GENERATION_PATH = '/aegir-generation';

/** How long a check keeps asking by default: a reload of thousands of vhosts takes a while. */
export const DEFAULT_HTTP_CHECK_TIMEOUT_MS = 30_000;

/** The generation token of a config change, from its parts (e.g. each file's path and content). */
export function generationToken(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return `aegir-${hash.digest('hex').slice(0, 24)}`;
}

export interface HttpCheckOptions extends ActionOptions {
  readonly address: string;
  readonly port: number;
  readonly host: string;
  readonly path: string;
  readonly expect: HttpExpectation;
  /** Default `DEFAULT_HTTP_CHECK_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
  /** With `onlyIfChanged` (the default when it has dependencies): only these actions' changes count. */
  readonly changedBy?: readonly string[];
}

/**
 * `wait until @web1 (10.0.0.11:80) serves the config generation in /etc/nginx/aegir/generation.conf`,
 * or `check that http://wiki.example.com/ via 10.0.0.11:80 answers 200, 301 or 302 from its own vhost`.
 * Undo: a generation wait runs again once the previous config is back (so that it is live again
 * before the task ends); other checks change nothing.
 */
export function httpCheck(options: HttpCheckOptions): HttpCheckAction {
  const undo: Undo = options.expect.kind === 'generation' ? { kind: 'rerun' } : { kind: 'none', reason: 'a check changes nothing' };
  return finishAction({
    kind: 'httpCheck',
    ...baseFields(options, { undo, description: describeCheck(options) }, options.after !== undefined && options.after.length > 0),
    ...(options.changedBy === undefined ? {} : { changedBy: [...options.changedBy] }),
    address: options.address, port: options.port, host: options.host, path: options.path,
    expect: copyExpectation(options.expect), timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_CHECK_TIMEOUT_MS,
  });
}

/** `10.0.0.11:80`, `[fd00::1]:80`. */
export function listenerOf(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

function describeCheck(options: HttpCheckOptions): string {
  const via = listenerOf(options.address, options.port);
  const expect = options.expect;
  switch (expect.kind) {
    case 'generation':
      return `wait until ${options.server} (${via}) serves the config generation in ${expect.file}`;
    case 'site': {
      const text = expect.text === undefined ? '' : ` "${expect.text}"`;
      return `check that http://${options.host}${options.path} via ${via} answers ${statusList(expect.statuses)}${text} from its own vhost`;
    }
    case 'defaultServer':
      return `check that http://${options.host}${options.path} via ${via} is answered by the default server`;
  }
}

function statusList(statuses: readonly number[]): string {
  if (statuses.length < 2) return statuses.join('');
  return `${statuses.slice(0, -1).join(', ')} or ${statuses.at(-1) ?? ''}`;
}

function copyExpectation(expect: HttpExpectation): HttpExpectation {
  return expect.kind === 'site' ? { ...expect, statuses: [...expect.statuses] } : { ...expect };
}
