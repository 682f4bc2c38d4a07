import { createHash } from 'node:crypto';
import { ValidationError } from '../model/errors.js';

/** How the hub reaches one server over ssh. Paths are the hub's own (see `hubSshPaths`). */
export interface SshConfig {
  /** Alias of the server, e.g. `@web1`. */
  readonly server: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The hub key, or the server's own `sshKey`. */
  readonly identityFile: string;
  /** The hub's known_hosts: the only host keys trusted (StrictHostKeyChecking yes). */
  readonly knownHostsFile: string;
  /** Directory of the ControlMaster sockets; short (a socket path has at most ~104 bytes). */
  readonly controlDir: string;
  readonly connectTimeoutMs: number;
  /** How long an idle master stays up; default 60 s. */
  readonly controlPersistSeconds?: number;
}

/**
 * Longest control directory: 104 (sun_path) - '/' - 40 (the socket name, at most 12 + 1 + 10
 * digits of a pid; room kept) - 17 (ssh's temp suffix) - 1 (NUL).
 */
export const MAX_CONTROL_DIR_LENGTH = 45;

const SAFE_PATH = /^\/[A-Za-z0-9_./@+=,-]*$/;
const HOST = /^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$|^[0-9A-Fa-f:.]+$/;
const USER = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

/**
 * Check every value that reaches the ssh command line. Paths must be plain (no spaces, quotes
 * or `%`, which ssh would expand), so the options can also be joined into rsync's `--rsh`.
 */
export function validateSshConfig(config: SshConfig): void {
  if (!HOST.test(config.host) || config.host.length > 253) throw new ValidationError('host', config.host, 'is not a host name or IP address');
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535) {
    throw new ValidationError('port', config.port, 'must be a port number (1-65535)');
  }
  if (!USER.test(config.user)) throw new ValidationError('user', config.user, 'is not a valid user name');
  for (const field of ['identityFile', 'knownHostsFile', 'controlDir'] as const) {
    if (!SAFE_PATH.test(config[field])) {
      throw new ValidationError(field, config[field], 'must be an absolute path of letters, digits and _.-/@+=,');
    }
  }
  if (config.controlDir.length > MAX_CONTROL_DIR_LENGTH) {
    throw new ValidationError('controlDir', config.controlDir, `must be at most ${MAX_CONTROL_DIR_LENGTH} characters (socket path limit)`);
  }
  if (!Number.isInteger(config.connectTimeoutMs) || config.connectTimeoutMs < 1000) {
    throw new ValidationError('connectTimeoutMs', config.connectTimeoutMs, 'must be a whole number of at least 1000');
  }
}

/**
 * The `-o` options every ssh run for this server uses (also inside rsync's `--rsh`). What is not
 * set here still comes from the user's own ~/.ssh/config (ProxyJump, ...): no `-F`.
 */
export function sshOptions(config: SshConfig): string[] {
  const options: Record<string, string> = {
    BatchMode: 'yes',
    StrictHostKeyChecking: 'yes',
    UserKnownHostsFile: config.knownHostsFile,
    GlobalKnownHostsFile: '/dev/null',
    UpdateHostKeys: 'no',
    IdentityFile: config.identityFile,
    IdentitiesOnly: 'yes',
    PasswordAuthentication: 'no',
    KbdInteractiveAuthentication: 'no',
    ControlMaster: 'auto',
    ControlPath: controlPathOf(config),
    ControlPersist: String(config.controlPersistSeconds ?? 60),
    ConnectTimeout: String(Math.ceil(config.connectTimeoutMs / 1000)),
    ServerAliveInterval: '15',
    ServerAliveCountMax: '3',
    LogLevel: 'ERROR',
  };
  const argv: string[] = [];
  for (const [key, value] of Object.entries(options)) argv.push('-o', `${key}=${value}`);
  argv.push('-p', String(config.port), '-l', config.user);
  return argv;
}

/**
 * This process's master socket for the server: `<controlDir>/<digest>-<pid>`, the digest of
 * everything that makes the connection (host, port, user, key, known hosts). One master per
 * process and server: see ssh-master.ts for why a master is never shared across processes.
 */
export function controlPathOf(config: Pick<SshConfig, 'host' | 'port' | 'user' | 'identityFile' | 'knownHostsFile' | 'controlDir'>): string {
  const digest = createHash('sha256')
    .update([config.user, config.host, config.port, config.identityFile, config.knownHostsFile].join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `${config.controlDir}/${digest}-${process.pid}`;
}

/** `10.231.5.2:22`, `[fd00::2]:22`: where the server is reached, for messages. */
export function endpointOf(config: Pick<SshConfig, 'host' | 'port'>): string {
  return config.host.includes(':') ? `[${config.host}]:${config.port}` : `${config.host}:${config.port}`;
}
