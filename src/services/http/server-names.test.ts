import { describe, expect, it } from 'vitest';
import { NGINX_SETTINGS } from '../../../test/support/samples/test-sites.js';
import { nginxServerConfig, serverNamesHashMaxSize } from './nginx/server-config.js';

const sites = (count: number, aliases = 1) =>
  Array.from({ length: count }, (_, i) => ({ uri: `site${i}.example.com`, aliases: Array.from({ length: aliases }, (__, j) => `a${j}.site${i}.example.com`) }));

describe('the nginx server name hash', () => {
  it('keeps the least size up to 4096 names, then grows to twice their number', () => {
    expect(serverNamesHashMaxSize(0)).toBe(8192);
    expect(serverNamesHashMaxSize(4096)).toBe(8192);
    expect(serverNamesHashMaxSize(4097)).toBe(16384);
    expect(serverNamesHashMaxSize(20_000)).toBe(65536);
  });

  it('is sized by every name of the sites the server serves', () => {
    const max = (list: ReturnType<typeof sites>) => /^server_names_hash_max_size (\d+);$/m.exec(nginxServerConfig(NGINX_SETTINGS, list)[0]?.content ?? '')?.[1];
    expect(max([])).toBe('8192');
    expect(max(sites(2000))).toBe('8192');
    expect(max(sites(5000))).toBe('32768');
    expect(max(sites(3000, 4))).toBe('32768');
  });
});
