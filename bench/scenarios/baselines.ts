/**
 * What Aegir is compared with, on the same hosts and the same sites:
 * - classic: as Aegir 3 verifies, one task per site, one after the other: the site's SQL on a new
 *   connection, then per web head a fresh SSH connection per command (no ControlMaster): make the
 *   site's directories, push the whole platform tree and the vhost directory (`rsync -az --relative
 *   --delete`, uploads excluded), reload nginx. No config test.
 * - floor: the files Aegir placed, pushed with one plain rsync per web head (warm SSH master),
 *   one `nginx -t` and one reload per head, and the same SQL sent as one batch, all in parallel.
 * Both push the files Aegir itself placed (copied from a web head's disk after an Aegir run).
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Site } from '../../src/model/index.js';
import { HEADS, ROOT, VHOST_DIR, type BenchEnv } from '../lib/env.js';
import { runOk } from '../lib/run.js';
import { clearSitesFromServers } from '../lib/sites.js';

/** Copies, per web head, the platform tree and vhost directory Aegir placed into a hub staging dir. */
export function stageFromHeads(env: BenchEnv): string {
  const stage = join(env.hub.dir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  for (const head of HEADS) {
    const disk = env.fixture.host(head).rootDir;
    for (const path of [ROOT, VHOST_DIR]) {
      mkdirSync(join(stage, head, path, '..'), { recursive: true });
      cpSync(join(disk, path), join(stage, head, path), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    }
  }
  return stage;
}

/** The SQL that makes a site's database, its account for every web head and the grants. */
export function siteSql(site: Site, grantHosts: readonly string[]): string[] {
  const db = site.dbName ?? '';
  const user = site.dbUser ?? '';
  const password = mysql.escape(site.dbPassword?.reveal() ?? '');
  return [
    `CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    ...grantHosts.flatMap((host) => [
      `CREATE USER IF NOT EXISTS '${user}'@'${host}' IDENTIFIED BY ${password}`,
      `GRANT ALL PRIVILEGES ON \`${db.replace(/_/g, '\\_')}\`.* TO '${user}'@'${host}'`,
    ]),
  ];
}

function sshArgs(env: BenchEnv, fresh: boolean): string[] {
  return ['ssh', '-F', env.fixture.ssh.configFile, ...(fresh ? ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'] : [])];
}

/** Classic verify of these sites, one after the other; returns the wall time. */
export async function classicVerify(env: BenchEnv, stage: string, sites: readonly Site[]): Promise<number> {
  const grantHosts = HEADS.map((h) => env.address(h));
  const fresh = sshArgs(env, true);
  const started = performance.now();
  for (const site of sites) {
    const admin = await env.admin();
    try {
      for (const statement of siteSql(site, grantHosts)) await admin.query(statement);
    } finally {
      await admin.end();
    }
    const siteDir = `${ROOT}/sites/${site.uri}`;
    for (const head of HEADS) {
      const to = `root@${env.address(head)}`;
      await runOk([...fresh, to, 'mkdir', '-p', `${siteDir}/files`, `${siteDir}/private/temp`]);
      const rsync = ['rsync', '-az', '--relative', '--delete', '--exclude', 'sites/*/files/', '-e', fresh.join(' ')];
      await runOk([...rsync, `${join(stage, head)}/.${ROOT}/`, `${to}:/`]);
      await runOk([...rsync, `${join(stage, head)}/.${VHOST_DIR}/`, `${to}:/`]);
      await runOk([...fresh, to, 'nginx', '-s', 'reload']);
    }
  }
  return performance.now() - started;
}

/** The floor: one rsync, one config test and one reload per head, one SQL batch, in parallel. */
export async function floorVerify(env: BenchEnv, stage: string, sites: readonly Site[], reload: boolean): Promise<number> {
  const grantHosts = HEADS.map((h) => env.address(h));
  const ssh = sshArgs(env, false);
  // Warm the SSH masters: the floor measures the transfer, not the handshake.
  await Promise.all(HEADS.map((head) => runOk([...ssh, `root@${env.address(head)}`, 'true'])));
  const admin = await env.admin();
  const started = performance.now();
  try {
    await Promise.all([
      ...HEADS.map(async (head) => {
        const to = `root@${env.address(head)}`;
        await runOk(['rsync', '-a', '--relative', '--no-implied-dirs', '-e', ssh.join(' '),
          `${join(stage, head)}/.${ROOT}/sites/`, `${join(stage, head)}/.${VHOST_DIR}/`, `${to}:/`]);
        if (reload) {
          await runOk([...ssh, to, 'nginx', '-t', '-q']);
          await runOk([...ssh, to, 'nginx', '-s', 'reload']);
        }
      }),
      reload ? admin.query(`${sites.flatMap((site) => siteSql(site, grantHosts)).join(';\n')};`) : Promise.resolve(),
    ]);
    return performance.now() - started;
  } finally {
    await admin.end();
  }
}

export async function clearFleet(env: BenchEnv): Promise<void> {
  await clearSitesFromServers(env, 'f');
}
