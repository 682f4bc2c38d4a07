/**
 * The entities a site or platform task involves, looked up in the inventory: the platform, its
 * web target fanned out to member servers (a server, or every member of a cluster, in order), and
 * the site's db server. Lookups refuse clearly when something is missing.
 */
import { AegirError, NotFoundError } from './errors.js';
import type { Inventory } from './inventory.js';
import type { Platform } from './platform.js';
import type { Server } from './server.js';
import type { Site } from './site.js';

export function siteOf(inventory: Inventory, alias: string): Site {
  const site = inventory.sites.find((s) => s.alias === alias);
  if (site === undefined) throw new NotFoundError('site', alias);
  return site;
}

export function platformOf(inventory: Inventory, alias: string): Platform {
  const platform = inventory.platforms.find((p) => p.alias === alias);
  if (platform === undefined) throw new NotFoundError('platform', alias);
  return platform;
}

export function serverByAlias(inventory: Inventory, alias: string): Server {
  const server = inventory.servers.find((s) => s.alias === alias);
  if (server === undefined) throw new NotFoundError('server', alias);
  return server;
}

/** The web heads of a platform: its web server, or every member of its cluster, in cluster order. */
export function webServersOf(inventory: Inventory, platform: Pick<Platform, 'alias' | 'web'>): Server[] {
  const cluster = inventory.clusters.find((c) => c.alias === platform.web);
  const aliases = cluster === undefined ? [platform.web] : cluster.servers;
  const servers = aliases.map((alias) => serverByAlias(inventory, alias));
  if (servers.length === 0) throw new AegirError('no_web_heads', `platform ${platform.alias} has no web server (${platform.web} is empty)`);
  return servers;
}

/** The sites of a platform (every status but deleted), in inventory order. */
export function sitesOfPlatform(inventory: Inventory, platform: string): Site[] {
  return inventory.sites.filter((s) => s.platform === platform && s.status !== 'deleted');
}

/** Every server a site task may touch: its web heads and its db server. */
export function siteServers(inventory: Inventory, alias: string): string[] {
  const site = siteOf(inventory, alias);
  const heads = webServersOf(inventory, platformOf(inventory, site.platform)).map((s) => s.alias);
  return [...new Set([...heads, site.db])];
}
