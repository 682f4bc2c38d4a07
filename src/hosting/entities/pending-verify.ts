/**
 * What an `add` or `set` leaves to be applied: a change is recorded in the hub's database at once,
 * and reaches the servers with the verifies listed here (`aegir verify @x`, or `set --verify`).
 * Pure: the inventory after the change in, the verifies out.
 */
import type { Inventory, Site } from '../../model/index.js';

/** One verify: `verify @target`, with `--sites` for a platform and every site on it. */
export interface PendingVerify {
  readonly target: string;
  readonly sites?: true;
}

export type ChangedKind = 'server' | 'cluster' | 'platform' | 'site';

const installed = (site: Site): boolean => site.status === 'enabled' || site.status === 'disabled';

/** A platform, with `--sites` when it has installed sites (their vhosts and settings depend on it). */
function platformVerify(inventory: Inventory, platform: string): PendingVerify {
  return inventory.sites.some((s) => s.platform === platform && installed(s)) ? { target: platform, sites: true } : { target: platform };
}

/**
 * The verifies that apply a change to `alias` (a server, cluster, platform or site). `keys`: the
 * server fields that changed (`http.port`, `host`...), when known; an http change also reaches
 * the platforms the server serves. A site that was never installed has nothing to verify: its
 * install applies everything.
 */
export function pendingVerifies(inventory: Inventory, kind: ChangedKind, alias: string, keys?: readonly string[]): PendingVerify[] {
  switch (kind) {
    case 'site': {
      const site = inventory.sites.find((s) => s.alias === alias);
      return site !== undefined && installed(site) ? [{ target: alias }] : [];
    }
    case 'platform':
      return [platformVerify(inventory, alias)];
    case 'cluster': {
      const members = inventory.clusters.find((c) => c.alias === alias)?.servers ?? [];
      const platforms = inventory.platforms.filter((p) => p.web === alias).map((p) => platformVerify(inventory, p.alias));
      return [...members.map((target) => ({ target })), ...platforms];
    }
    case 'server': {
      const touchesHttp = keys?.some((key) => key === 'http' || key.startsWith('http.')) === true;
      if (!touchesHttp) return [{ target: alias }];
      const clusters = inventory.clusters.filter((c) => c.servers.includes(alias)).map((c) => c.alias);
      const platforms = inventory.platforms.filter((p) => p.web === alias || clusters.includes(p.web)).map((p) => platformVerify(inventory, p.alias));
      return [{ target: alias }, ...platforms];
    }
  }
}

/** `aegir verify @web1 && aegir verify @app --sites`. */
export function verifyCommands(verifies: readonly PendingVerify[]): string {
  return verifies.map((v) => `aegir verify ${v.target}${v.sites === true ? ' --sites' : ''}`).join(' && ');
}

/**
 * The note after an add or set: what is recorded, and how it reaches the servers, e.g.
 * `recorded, not applied yet: run 'aegir verify @web1' (or pass --verify)`.
 */
export function pendingNote(kind: ChangedKind, verifies: readonly PendingVerify[], alias: string): string {
  if (verifies.length === 0) {
    return kind === 'site' ? `recorded; it is applied when the site is installed ('aegir install ${alias}')` : 'recorded';
  }
  return `recorded, not applied yet: run '${verifyCommands(verifies)}' (or pass --verify)`;
}
