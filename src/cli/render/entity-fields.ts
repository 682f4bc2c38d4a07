import type { Shown } from '../../hosting/index.js';
import type { Server } from '../../model/server.js';
import { SERVICE_TYPES } from '../../model/service.js';

type Field = readonly [string, unknown];

/** The `key: value` fields `show` prints for an entity (setting keys as `set` accepts them). */
export function entityFields(shown: Shown): Field[] {
  switch (shown.kind) {
    case 'server':
      return serverFields(shown.entity);
    case 'cluster':
      return [['kind', 'cluster'], ['alias', shown.entity.alias], ['servers', shown.entity.servers.join(',')]];
    case 'platform': {
      const p = shown.entity;
      return [['kind', 'platform'], ['alias', p.alias], ['app', p.app], ['root', p.root], ['web', p.web],
        ['source', p.source], ['locked', p.locked]];
    }
    case 'site': {
      const s = shown.entity;
      return [['kind', 'site'], ['alias', s.alias], ['uri', s.uri], ['platform', s.platform], ['db', s.db],
        ['aliases', s.aliases.join(',')], ['redirect', s.redirect], ['client', s.client], ['status', s.status]];
    }
    case 'client':
      return [['kind', 'client'], ['name', shown.entity.name]];
  }
}

function serverFields(server: Server): Field[] {
  const fields: Field[] = [['kind', 'server'], ['alias', server.alias], ['host', server.host],
    ['sshPort', server.sshPort], ['sshUser', server.sshUser], ['sshKey', server.sshKey]];
  for (const type of SERVICE_TYPES) {
    const service = server.services[type];
    fields.push([type, service.impl]);
    for (const [key, value] of Object.entries(service.settings)) fields.push([`${type}.${key}`, value]);
  }
  return fields;
}
