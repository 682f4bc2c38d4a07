import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHubServer } from '../model/hub-server.js';
import type { Server } from '../model/server.js';
import { hubKeyPath } from './keys.js';
import { LocalTransport } from './local.js';
import { MAX_CONTROL_DIR_LENGTH } from './ssh-options.js';
import { SshTransport } from './ssh.js';
import type { Transport } from './transport.js';

/** What the hub brings to every connection. */
export interface HubContext {
  /** AEGIR_HOME: holds ssh/id_ed25519, ssh/known_hosts and run/ssh/ (the master sockets). */
  readonly home: string;
  /** ssh ConnectTimeout; default 10 s. */
  readonly connectTimeoutMs?: number;
  /** How long an idle ControlMaster stays up; default 60 s. */
  readonly controlPersistSeconds?: number;
}

export interface HubSshPaths {
  readonly identityFile: string;
  readonly knownHostsFile: string;
  readonly controlDir: string;
}

/**
 * The hub's ssh files. The socket directory is `<home>/run/ssh` unless that is too long for a
 * socket path; then a short per-home directory under the system temp dir.
 */
export function hubSshPaths(home: string): HubSshPaths {
  let controlDir = join(home, 'run', 'ssh');
  if (controlDir.length > MAX_CONTROL_DIR_LENGTH) {
    const digest = createHash('sha256').update(home).digest('hex').slice(0, 12);
    controlDir = join(tmpdir(), `aegir-${process.getuid?.() ?? 0}-${digest}`);
  }
  return { identityFile: hubKeyPath(home), knownHostsFile: join(home, 'ssh', 'known_hosts'), controlDir };
}

/** Whether the hub reaches this server without ssh: its own `@localhost`, or a loopback host with local files. */
export function isLocalServer(server: Pick<Server, 'alias' | 'host' | 'services'>): boolean {
  return isHubServer(server);
}

/** The transport for a server: the hub itself, or ssh with the hub's key (or the server's own `sshKey`). */
export function connect(
  server: Pick<Server, 'alias' | 'host' | 'sshPort' | 'sshUser' | 'sshKey' | 'services'>,
  hub: HubContext,
): Transport {
  if (isLocalServer(server)) return new LocalTransport(server.alias);
  const paths = hubSshPaths(hub.home);
  return new SshTransport({
    server: server.alias,
    host: server.host,
    port: server.sshPort,
    user: server.sshUser,
    identityFile: server.sshKey ?? paths.identityFile,
    knownHostsFile: paths.knownHostsFile,
    controlDir: paths.controlDir,
    connectTimeoutMs: hub.connectTimeoutMs ?? 10_000,
    controlPersistSeconds: hub.controlPersistSeconds,
  });
}
