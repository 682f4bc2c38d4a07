import type { Server } from './server.js';

/** The alias of the hub's own server: it always means the hub itself. */
export const HUB_ALIAS = '@localhost';

/** Host names and addresses that mean this machine. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1'];

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host);
}

/** Whether a server is the hub itself: `@localhost`, or a loopback host whose files are written locally. */
export function isHubServer(server: Pick<Server, 'alias' | 'host' | 'services'>): boolean {
  if (server.alias === HUB_ALIAS) return true;
  return isLoopbackHost(server.host) && server.services.files.impl === 'local';
}

/**
 * The machine a server is on, to tell whether two servers share a disk: the hub for `@localhost`
 * and loopback hosts, else the host (two servers with one host are one machine, e.g. nginx and
 * Apache side by side).
 */
export function machineOf(server: Pick<Server, 'alias' | 'host'>): string {
  return server.alias === HUB_ALIAS || isLoopbackHost(server.host) ? HUB_MACHINE : server.host;
}

/** What `machineOf` says for the hub. */
export const HUB_MACHINE = 'the hub';
