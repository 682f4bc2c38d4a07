import { describe, expect, it } from 'vitest';
import { EMPTY_INVENTORY, parseCluster, parsePlatform, parseServer, parseSite, type Inventory } from '../model/index.js';
import { planVerifyServer } from './verify-server.js';

const web = (alias: string) => parseServer({ alias, host: '10.0.0.5', services: { http: { impl: 'nginx' }, db: { impl: 'null' }, files: { impl: 'rsync' } } });

/** `count` sites of two aliases each on a platform served by @farm (@a and @b), and one on @other. */
function inventory(count: number): Inventory {
  return {
    ...EMPTY_INVENTORY,
    servers: [web('@a'), web('@b'), web('@other')],
    clusters: [parseCluster({ alias: '@farm', servers: ['@a', '@b'] })],
    platforms: [
      parsePlatform({ alias: '@p', root: '/var/www/p', app: 'php', web: '@farm' }),
      parsePlatform({ alias: '@q', root: '/var/www/q', app: 'php', web: '@other' }),
    ],
    sites: [
      ...Array.from({ length: count }, (_, i) => parseSite({ uri: `s${i}.example.com`, platform: '@p', db: '@db', aliases: `a.s${i}.example.com,b.s${i}.example.com` })),
      parseSite({ uri: 'q.example.com', platform: '@q', db: '@db' }),
    ],
  };
}

const hashSize = (inv: Inventory, target: string): string | undefined => {
  const config = planVerifyServer({ inventory: inv, target, facts: { nonce: 'abc123' } }).actions.find((a) => a.id === `http:${target}:write:server-config`);
  return /server_names_hash_max_size (\d+);/.exec(config?.kind === 'writeFile' ? config.content : '')?.[1];
};

describe('verify @server sizes the web server config by the sites it serves', () => {
  it('counts the names of every site of every platform the server serves, through its cluster too', () => {
    expect(hashSize(inventory(1000), '@a')).toBe('8192');
    expect(hashSize(inventory(1400), '@b')).toBe('16384');
    expect(hashSize(inventory(3000), '@a')).toBe('32768');
    expect(hashSize(inventory(3000), '@other')).toBe('8192');
  });

  it('leaves deleted sites out', () => {
    const inv = inventory(1400);
    const deleted = { ...inv, sites: inv.sites.map((site) => ({ ...site, status: 'deleted' as const })) };
    expect(hashSize(deleted, '@a')).toBe('8192');
  });
});
