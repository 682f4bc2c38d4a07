import type { Server } from '../model/index.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/** Whether a server is the hub itself: its `@localhost`, or a loopback host with local files. */
export function isLocalHost(server: Pick<Server, 'alias' | 'host' | 'services'>): boolean {
  if (server.alias === '@localhost') return true;
  return LOOPBACK.has(server.host) && server.services.files.impl === 'local';
}
