/**
 * The benchmark's servers: the test fixture's hosts (2 nginx web heads as the cluster `@web`,
 * 1 MariaDB host), a hub made with the `aegir` binary, and a generic PHP platform without an
 * installer (so the app's own install cost stays out), pushed from the hub to both heads.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import mysql from 'mysql2/promise';
import type { Fixture } from '../../test/fixture/fixture.js';
import { startFixture } from '../../test/fixture/start-fixture.js';
import type { DatabaseServer } from '../../test/fixture/services-db.js';
import { BenchHub } from './hub.js';

export const HEADS = ['web1', 'web2'] as const;
export const DB_HOST = 'db1';
export const PLATFORM = '@php';
export const ROOT = '/var/www/phpapp';
export const VHOST_DIR = '/etc/nginx/aegir/vhost.d';

/**
 * A generic PHP app without an installer: the front page loads `sites/<SERVER_NAME>/settings.php`,
 * connects to the site's own database with its own account and answers 200 with the uri.
 */
const APP_TREE: Readonly<Record<string, string>> = {
  'index.php': [
    '<?php',
    "header('Content-Type: text/plain; charset=utf-8');",
    "$site = strtolower($_SERVER['SERVER_NAME'] ?? '');",
    "$file = __DIR__ . '/sites/' . $site . '/settings.php';",
    "if (preg_match('/^[a-z0-9.-]+$/', $site) !== 1 || !is_file($file)) { http_response_code(404); exit; }",
    '$s = require $file;',
    "$d = $s['db'];",
    "$pdo = new PDO(\"mysql:host={$d['host']};port={$d['port']};dbname={$d['name']}\", $d['user'], $d['password']);",
    "echo 'site ', $s['uri'], ' db ', $pdo->query('SELECT DATABASE()')->fetchColumn(), \"\\n\";",
    '',
  ].join('\n'),
  'sites/README.txt': 'Aegir writes sites/<uri>/settings.php for each site.\n',
};

export interface BenchEnv {
  readonly fixture: Fixture;
  readonly hub: BenchHub;
  readonly db: DatabaseServer;
  readonly source: string;
  address(host: string): string;
  /** A fresh admin connection to MariaDB that may send many statements at once. */
  admin(): Promise<mysql.Connection>;
  dispose(): Promise<void>;
}

export async function startEnv(log: (line: string) => void): Promise<BenchEnv> {
  const fixture = await startFixture({ hosts: [...HEADS, DB_HOST] });
  const hub = new BenchHub();
  try {
    const address = (host: string): string => fixture.host(host).address;
    await Promise.all(HEADS.map(async (host) => {
      await fixture.startPhpFpm(host);
      await fixture.startNginx(host);
      await fixture.run(host, ['rm', '-f', '/etc/nginx/sites-enabled/default']);
    }));
    const db = await fixture.startMariadb(DB_HOST);
    log(`fixture up in ${fixture.startupMs} ms (${fixture.hostNames.join(', ')})`);

    const source = join(hub.dir, 'phpapp');
    for (const [path, content] of Object.entries(APP_TREE)) {
      mkdirSync(dirname(join(source, path)), { recursive: true });
      writeFileSync(join(source, path), content);
    }
    chmodSync(source, 0o755);

    const init = await hub.ok(['init']);
    const key = init.stdout.split('\n').find((line) => line.startsWith('ssh-ed25519 '));
    if (key === undefined) throw new Error('aegir init printed no public key');
    for (const host of fixture.hostNames) {
      const added = await fixture.run(host, ['sh', '-c', 'cat >> /root/.ssh/authorized_keys'], { stdin: `${key}\n` });
      if (added.exitCode !== 0) throw new Error(`cannot authorize the hub key on ${host}`);
    }
    for (const host of HEADS) {
      await hub.ok(['server', 'add', `@${host}`, '--host', address(host), '--http', 'nginx', '--accept-host-key']);
      await hub.ok(['verify', `@${host}`]);
    }
    await hub.ok(['server', 'add', `@${DB_HOST}`, '--host', address(DB_HOST), '--db', 'mysql', '--accept-host-key',
      '--set', `db.user=${db.user}`, '--set', 'db.password=-'], db.password);
    await hub.ok(['cluster', 'add', '@web', '--servers', HEADS.map((h) => `@${h}`).join(',')]);
    await hub.ok(['platform', 'add', PLATFORM, '--root', ROOT, '--app', 'php', '--web', '@web', '--source', source]);
    await hub.ok(['verify', PLATFORM]);
    log('hub ready: @web1 @web2 (cluster @web, nginx), @db1 (MariaDB), platform @php');
    return {
      fixture, hub, db, source, address,
      admin: () => mysql.createConnection({ host: db.host, port: db.port, user: db.user, password: db.password, multipleStatements: true }),
      async dispose() {
        hub.dispose();
        await fixture.stop();
      },
    };
  } catch (error) {
    hub.dispose();
    await fixture.stop();
    throw error;
  }
}

/** Bytes each web head has received so far (its eth0, all traffic: ssh, rsync, SQL replies, HTTP). */
export async function receivedBytes(env: BenchEnv): Promise<Record<string, number>> {
  const entries = await Promise.all(HEADS.map(async (host) => {
    const dev = await env.fixture.run(host, ['cat', '/proc/net/dev']);
    const line = dev.stdout.split('\n').find((l) => /^\s*eth0:/.test(l));
    const rx = Number((line ?? '').split(':')[1]?.trim().split(/\s+/)[0] ?? 0);
    return [host, rx] as const;
  }));
  return Object.fromEntries(entries);
}
