import type { Client, Cluster, Platform, Server, Site } from '../../src/model/index.js';
import { Secret } from '../../src/model/index.js';

/** A recognisable password: tests grep for it in places it must never appear. */
export const PASSWORD = 'Tr0ub4dor-store-secret';

export function webServer(alias = '@web1'): Server {
  return {
    alias,
    host: '10.0.0.11',
    sshPort: 22,
    sshUser: 'root',
    services: {
      http: { impl: 'nginx', settings: { port: 80, reloadArgv: ['nginx', '-s', 'reload'] } },
      db: { impl: 'null', settings: {} },
      files: { impl: 'rsync', settings: { user: 'root' } },
    },
  } as Server;
}

export function dbServer(alias = '@db1'): Server {
  return {
    alias,
    host: 'db1.example.com',
    sshPort: 2222,
    sshUser: 'aegir',
    sshKey: '/root/.ssh/id_ed25519',
    services: {
      http: { impl: 'null', settings: {} },
      db: { impl: 'mysql', settings: { user: 'root', password: new Secret(PASSWORD), port: 3306 } },
      files: { impl: 'local', settings: {} },
    },
  } as Server;
}

export function cluster(alias = '@web', servers = ['@web1']): Cluster {
  return { alias, servers } as Cluster;
}

export function platform(alias = '@mw139', web = '@web1'): Platform {
  return { alias, root: `/var/aegir/platforms/${alias.slice(1)}`, app: 'mediawiki', web, locked: false } as Platform;
}

export function site(uri = 'wiki.example.com', aliases: string[] = []): Site {
  return {
    alias: `@${uri}`,
    uri,
    platform: '@mw139',
    db: '@db1',
    aliases,
    redirect: false,
    status: 'new',
  } as Site;
}

export function client(name = 'acme'): Client {
  return { name } as Client;
}
