import type { EntityList, Listing } from '../../hosting/index.js';
import { renderTable } from './table.js';

/** The columns `list` shows for each kind of entity. */
export function renderListing(kind: EntityList, listing: Listing): string {
  switch (kind) {
    case 'servers':
      return renderTable(['ALIAS', 'HOST', 'HTTP', 'DB', 'FILES'],
        (listing.servers ?? []).map((s) => [s.alias, s.host, s.services.http.impl, s.services.db.impl, s.services.files.impl]));
    case 'clusters':
      return renderTable(['ALIAS', 'SERVERS'], (listing.clusters ?? []).map((c) => [c.alias, c.servers.join(',')]));
    case 'platforms':
      return renderTable(['ALIAS', 'APP', 'WEB', 'ROOT', 'LOCKED'],
        (listing.platforms ?? []).map((p) => [p.alias, p.app, p.web, p.root, p.locked ? 'yes' : 'no']));
    case 'sites':
      return renderTable(['URI', 'PLATFORM', 'DB', 'STATUS', 'CLIENT', 'ALIASES'],
        (listing.sites ?? []).map((s) => [s.uri, s.platform, s.db, s.status, s.client ?? '-', s.aliases.join(',') || '-']));
    case 'clients':
      return renderTable(['NAME'], (listing.clients ?? []).map((c) => [c.name]));
  }
}
