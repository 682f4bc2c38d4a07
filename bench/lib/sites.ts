/**
 * Site records for the scenarios, added through the hub's store in one transaction (adding 1,000
 * sites one `aegir site add` at a time would measure the CLI's start-up, not what is benchmarked),
 * and the clean-up that takes sites off the servers so a run starts with everything to create.
 */
import { generateSecret, parseSite, type Site } from '../../src/model/index.js';
import { siteDbNames } from '../../src/services/db/index.js';
import type { BenchEnv } from './env.js';
import { HEADS, PLATFORM, ROOT, VHOST_DIR } from './env.js';

export function siteUris(prefix: string, count: number, start = 0): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(start + i).padStart(5, '0')}.bench.test`);
}

/** Adds the sites as installed (`enabled`) records with credentials, nothing on the servers yet. */
export async function addSiteRecords(env: BenchEnv, uris: readonly string[], status: Site['status'] = 'enabled'): Promise<void> {
  await env.hub.withStore(async (store) => {
    const taken = new Set<string>();
    for (const site of (await store.loadInventory()).sites) {
      if (site.dbName !== undefined) taken.add(site.dbName);
    }
    await store.transaction(async (tx) => {
      for (const uri of uris) {
        const names = siteDbNames(uri, taken);
        taken.add(names.database);
        taken.add(names.user);
        const site = parseSite({ uri, platform: PLATFORM, db: '@db1', status });
        await tx.sites.insert({
          ...site, dbName: names.database, dbUser: names.user,
          dbPassword: generateSecret(24), hashSalt: generateSecret(48),
        });
      }
    });
  });
}

/** Removes site records from the store (after `clearSitesFromServers`), so later scenarios do not see them. */
export async function deleteSiteRecords(env: BenchEnv, uris: readonly string[]): Promise<void> {
  await env.hub.withStore(async (store) => {
    const present = new Set((await store.loadInventory()).sites.map((s) => s.uri));
    await store.transaction(async (tx) => {
      for (const uri of uris) if (present.has(uri)) await tx.sites.delete(`@${uri}`);
    });
  });
}

/** The db names of sites, from the store. */
export async function siteCredentials(env: BenchEnv, uris: readonly string[]): Promise<Map<string, Site>> {
  const wanted = new Set(uris);
  return await env.hub.withStore(async (store) =>
    new Map((await store.loadInventory()).sites.filter((s) => wanted.has(s.uri)).map((s) => [s.uri, s])));
}

/** Removes the sites from the servers (directories, vhosts, databases, accounts); keeps the records. */
export async function clearSitesFromServers(env: BenchEnv, prefix: string): Promise<void> {
  const glob = `${prefix}*.bench.test`;
  await Promise.all(HEADS.map(async (host) => {
    const script = `rm -rf ${ROOT}/sites/${glob} ${VHOST_DIR}/${glob}.conf && nginx -s reload`;
    const result = await env.fixture.run(host, ['sh', '-c', script]);
    if (result.exitCode !== 0) throw new Error(`clean-up on ${host}: ${result.stderr}`);
  }));
  const admin = await env.admin();
  try {
    const like = `${prefix}%bench%`;
    const [dbs] = await admin.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [like.replace(/\./g, '')]);
    const [users] = await admin.query('SELECT User AS user, Host AS host FROM mysql.user WHERE User LIKE ?', [like.replace(/\./g, '')]);
    const statements = [
      ...(dbs as { name: string }[]).map((row) => `DROP DATABASE \`${row.name}\``),
      ...(users as { user: string; host: string }[]).map((row) => `DROP USER '${row.user}'@'${row.host}'`),
    ];
    if (statements.length > 0) await admin.query(`${statements.join(';\n')};`);
  } finally {
    await admin.end();
  }
}
