/**
 * A site's own PHP code (www-data on its web head) tries to make the hub's root write where it
 * wants: it plants directories and symlinks where Aegir used to put its scratch directories
 * (`/var/tmp/aegir-<verb>-<uri>-<stamp>/database.sql -> /root/.ssh/authorized_keys2`, for every
 * coming second), and takes over Aegir's own work directory when it can. Backup, restore, clone
 * and migrate must write nothing outside Aegir's own fresh scratch, refuse a work directory that
 * is not Aegir's alone, and leave no scratch, staging or trash behind. Also: every lifecycle verb
 * prints its whole plan (hub steps included) with --dry-run and touches nothing; a failure of the
 * hub's own archive step is undone everywhere.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import type { AegirHub } from '../support/aegir-cli.js';
import { httpGetUntil } from '../support/http-get.js';
import { startPhpHub } from '../support/php-hub.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';

const SITE = 'victim.attack.test';
const COPY = 'copy.attack.test';
const MOVED = 'moved.attack.test';
const TARGET = '/root/.ssh/authorized_keys2';
const VERBS = ['backup', 'restore', 'import', 'clone', 'migrate'] as const;

/** As www-data: the old scratch directories of every verb for the uris, for the next `seconds` stamps, each with its trap. */
const PLANT = [
  'set -eu',
  'uris=$1 seconds=$2 target=$3',
  'now=$(date -u +%s)',
  'i=0',
  'while [ $i -lt "$seconds" ]; do',
  '  stamp=$(date -u -d "@$((now + i))" +%Y%m%d-%H%M%S)',
  `  for verb in ${VERBS.join(' ')}; do`,
  '    for uri in $uris; do',
  '      for base in /var/tmp /tmp; do',
  '        d=$base/aegir-$verb-$uri-$stamp',
  '        mkdir -p "$d" && ln -sf "$target" "$d/database.sql"',
  '      done',
  '    done',
  '  done',
  '  i=$((i + 1))',
  'done',
].join('\n');

describeWithFixture('scratch directories cannot be planted: backup, restore, clone and migrate write only into fresh directories of their own', () => {
  const fixture = useFixture({ hosts: ['web1', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  const web1 = (): string => fx.host('web1').address;
  const serves = (uri: string): Promise<unknown> => httpGetUntil(web1(), uri, (r) => r.status === 200 && r.body.includes(`site: ${uri}`));
  const plant = async (seconds: number): Promise<void> => {
    const run = await fx.run('web1', ['sh', '-c', PLANT, 'sh', [SITE, COPY, MOVED].join(' '), String(seconds), TARGET], { user: 'www-data' });
    expect(run.exitCode, run.stderr).toBe(0);
  };
  const entries = async (dir: string): Promise<string[]> => {
    const run = await fx.run('web1', ['sh', '-c', 'ls -A -- "$1" 2>/dev/null || true', 'sh', dir]);
    return run.stdout.split('\n').filter((line) => line !== '');
  };
  const nothingLeft = async (): Promise<void> => {
    expect(await entries('/var/lib/aegir/scratch'), 'scratch on web1').toEqual([]);
    expect(await entries('/var/lib/aegir/trash'), 'trash on web1').toEqual([]);
    const staging = `${hub.home}/backups/staging`;
    expect(existsSync(staging) ? readdirSync(staging) : [], 'staging on the hub').toEqual([]);
    expect((await fx.fileStat('web1', TARGET)).exists, TARGET).toBe(false);
  };

  beforeAll(async () => {
    fx = fixture();
    ({ hub } = await startPhpHub(fx));
    await hub.ok(['install', SITE, '--platform', '@app', '--db', '@db1'], { timeoutMs: 120_000 });
    await serves(SITE);
    return () => hub.dispose();
  }, 300_000);

  it('with the old scratch names planted for every coming second, backup, restore, clone and migrate follow no symlink and leave nothing behind', async () => {
    await plant(240);
    await hub.ok(['backup', `@${SITE}`], { timeoutMs: 120_000 });
    await hub.ok(['restore', `@${SITE}`], { timeoutMs: 120_000 });
    await serves(SITE);
    await hub.ok(['clone', `@${SITE}`, COPY], { timeoutMs: 120_000 });
    await serves(COPY);
    await hub.ok(['migrate', `@${COPY}`, '--uri', MOVED], { timeoutMs: 120_000 });
    await serves(MOVED);
    await nothingLeft();
    // Every planted trap is as www-data left it: nothing was written through one.
    const traps = await fx.run('web1', ['sh', '-c', 'find /var/tmp /tmp -path "*/aegir-*/database.sql" ! -type l | wc -l; find /var/tmp /tmp -path "*/aegir-*/database.sql" -type l | wc -l']);
    const [regular, links] = traps.stdout.trim().split('\n');
    expect(regular).toBe('0');
    expect(Number(links)).toBeGreaterThan(100);
    // Aegir's own work directory: root's alone.
    for (const dir of ['/var/lib/aegir', '/var/lib/aegir/scratch', '/var/lib/aegir/trash']) {
      const stat = await fx.run('web1', ['stat', '-c', '%U %a', dir]);
      expect(stat.stdout.trim(), dir).toBe('root 700');
    }
  }, 600_000);

  it('a work directory that someone else owns, or a symlink in its place, is refused before anything is written there', async () => {
    await fx.run('web1', ['chown', 'www-data', '/var/lib/aegir/scratch']);
    const owned = await hub.run(['backup', `@${SITE}`], { timeoutMs: 120_000 });
    expect(owned.code).toBe(1);
    expect(owned.stderr).toMatch(/\/var\/lib\/aegir\/scratch must be a directory of uid 0 that no one else can write/);
    expect(await entries('/var/lib/aegir/scratch')).toEqual([]);
    await fx.run('web1', ['chown', 'root', '/var/lib/aegir/scratch']);

    await fx.run('web1', ['sh', '-c', 'rm -rf /var/lib/aegir/trash && mkdir -p /tmp/evil && chown www-data /tmp/evil && ln -s /tmp/evil /var/lib/aegir/trash']);
    const linked = await hub.run(['delete', `@${MOVED}`, '--force', '--yes'], { timeoutMs: 120_000 });
    expect(linked.code).toBe(1);
    expect(linked.stderr).toMatch(/\/var\/lib\/aegir\/trash is not a directory/);
    expect(await entries('/tmp/evil')).toEqual([]);
    await serves(MOVED);
    await fx.run('web1', ['sh', '-c', 'rm -f /var/lib/aegir/trash && mkdir -m 0700 /var/lib/aegir/trash']);
    await hub.ok(['delete', `@${MOVED}`, '--force', '--yes'], { timeoutMs: 120_000 });
    await nothingLeft();
  }, 300_000);

  it('--dry-run prints the whole plan of each lifecycle verb, hub steps included, and touches nothing', async () => {
    const before = JSON.parse((await hub.ok(['backup', 'list', `@${SITE}`, '--json'])).stdout) as unknown[];
    const backup = (await hub.ok(['backup', `@${SITE}`, '--dry-run'])).stdout;
    for (const step of ['make the fresh directory', 'dump database', 'pack', 'remove the scratch directory']) expect(backup, backup).toContain(step);
    expect(backup).toContain('@hub');
    const restore = (await hub.ok(['restore', `@${SITE}`, '--dry-run'])).stdout;
    for (const step of ['check the backup archive', 'import', 'move']) expect(restore, restore).toContain(step);
    const clone = (await hub.ok(['clone', `@${SITE}`, 'dry.attack.test', '--dry-run'])).stdout;
    expect(clone).toContain('dry.attack.test');
    const migrate = (await hub.ok(['migrate', `@${SITE}`, '--uri', 'dry2.attack.test', '--dry-run'])).stdout;
    expect(migrate).toContain('dry2.attack.test');
    expect(JSON.parse((await hub.ok(['backup', 'list', `@${SITE}`, '--json'])).stdout)).toEqual(before);
    expect((await hub.run(['show', '@dry.attack.test'])).code).toBe(2);
    await nothingLeft();
  }, 120_000);

  it('when the hub cannot pack the archive, the backup fails and nothing is left on the hub or the web head', async () => {
    const before = JSON.parse((await hub.ok(['backup', 'list', `@${SITE}`, '--json'])).stdout) as unknown[];
    // Directories where the coming seconds' partial archives would go: tar cannot create them.
    const now = Math.floor(Date.now() / 1000);
    const blocked: string[] = [];
    for (let i = 0; i < 120; i++) {
      const stamp = new Date((now + i) * 1000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      const path = `${hub.home}/backups/${SITE}-${stamp}.tar.gz.partial`;
      mkdirSync(path, { recursive: true });
      blocked.push(path);
    }
    const run = await hub.run(['backup', `@${SITE}`], { timeoutMs: 120_000 });
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/pack/);
    for (const path of blocked) rmSync(path, { recursive: true, force: true });
    expect(JSON.parse((await hub.ok(['backup', 'list', `@${SITE}`, '--json'])).stdout)).toEqual(before);
    const archives = execFileSync('sh', ['-c', `ls ${hub.home}/backups | grep -c '^${SITE}-' || true`], { encoding: 'utf8' }).trim();
    expect(Number(archives)).toBe(before.length);
    await nothingLeft();
  }, 180_000);
});
