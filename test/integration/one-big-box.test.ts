/**
 * The README's quick start on one fresh machine, line by line as the README has it (read from the
 * README, so the two cannot drift), then every other verb it shows on the hub's own @localhost
 * (the local transport): backup, clone, restore, migrate --uri, disable, enable, delete. Each line
 * is followed at once by `curl` on that machine, which must see the expected page: no waiting, no
 * second try (a task that succeeded is live).
 *
 * The machine is one fixture host: it has every package this machine has and sees this checkout,
 * but no network. Debian starts its services there (`service ...`), Aegir is linked from a copy of
 * this checkout (`npm link`, which builds it), and everything Aegir does happens inside the host.
 */
import { execFileSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { describeWithFixture, useFixture, type CommandResult, type Fixture } from '../fixture/index.js';
import { mariadbQuery } from '../support/db-inspect.js';
import { testPlatform } from '../support/platforms.js';
import { parseCurlInclude, readmeQuickStart } from '../support/quick-start.js';
import { appPage, QuickStartChecks, type AppPage } from '../support/quick-start-checks.js';

const REPO = resolve(import.meta.dirname, '../..');
const BOX = 'box';
/** "In a checkout of Aegir": a copy of this one inside the box, so nothing run there writes here. */
const CHECKOUT = '/root/aegir';
const HOME = '/root/.aegir';
const { setup, verbs, minimalApp } = readmeQuickStart(REPO);

describeWithFixture('the README quick start on one big box, then every verb on @localhost', () => {
  const fixture = useFixture({ hosts: [BOX] });
  let fx: Fixture;
  let checks: QuickStartChecks;

  const inBox = async (argv: readonly string[], options: { cwd?: string; stdin?: string } = {}): Promise<CommandResult> => {
    const result = await fx.run(BOX, argv, { timeoutMs: 300_000, ...options });
    expect(result.exitCode, `${argv.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };
  /** A README line as its reader runs it: in a root shell, in the checkout. */
  const literally = (line: string): Promise<CommandResult> => inBox(['sh', '-c', line], { cwd: CHECKOUT });

  /**
   * The lines the box cannot run as written, for it has no network: the packages must be there
   * already (the box has this machine's), and `npm ci` has been run in this checkout (its
   * node_modules is mounted read-only into the copy); `npm link` runs as written.
   */
  const standIn = async (line: string): Promise<CommandResult | undefined> => {
    if (line === 'apt-get update') return { exitCode: 0, stdout: '', stderr: '' };
    const install = /^apt-get install -y --no-install-recommends ((?:[a-z0-9.+-]+ ?)+)$/.exec(line);
    if (install !== null) {
      const packages = (install[1] ?? '').trim().split(' ');
      const status = await inBox(['dpkg-query', '-W', '-f=${Package} ${Status}\n', ...packages]);
      expect(status.stdout.trim().split('\n').sort()).toEqual(packages.map((name) => `${name} install ok installed`).sort());
      return status;
    }
    if (line === 'npm ci && npm link') return literally('npm link');
    return undefined;
  };

  /** What the setup lines must have done, checked right after each (the other lines: exit 0). */
  const afterSetup: Readonly<Record<string, (result: CommandResult) => Promise<void>>> = {
    'aegir init': async (result) => {
      expect(result.stdout).toContain('server @localhost: http=nginx db=mysql files=local');
    },
    'aegir verify @localhost': async () => {
      // Aegir's default server answers every other name; nothing drifted (the db self-test is no change).
      const other = parseCurlInclude((await inBox(['curl', '-sS', '-i', '-H', 'Host: nobody.localhost', 'http://127.0.0.1/'])).stdout);
      expect({ status: other.status, generation: typeof other.generation }).toEqual({ status: 404, generation: 'string' });
      expect((await literally('aegir verify localhost')).stdout).toMatch(/^verify @localhost: succeeded \(0 changed, /m);
    },
    'aegir install app.localhost --platform @app --db @localhost': async (result) => {
      expect(result.stdout).toMatch(/^install @app\.localhost: succeeded/m);
      const settings = await inBox(['stat', '-c', '%a %U:%G', '/var/www/app/sites/app.localhost/settings.php']);
      expect(settings.stdout.trim()).toBe('440 root:www-data');
    },
    "curl -H 'Host: app.localhost' http://127.0.0.1/": async (result) => checks.firstPage(result.stdout),
  };

  beforeAll(async () => {
    fx = fixture();
    const app = await testPlatform('php');
    checks = new QuickStartChecks({
      curl: async (name) => parseCurlInclude((await inBox(['curl', '-sS', '-i', '--max-time', '10', '-H', `Host: ${name}`, 'http://127.0.0.1/'])).stdout),
      query: (sql) => mariadbQuery(fx, BOX, sql),
      backups: async () => {
        const dir = join(fx.host(BOX).rootDir, HOME, 'backups');
        const names = (await readdir(dir)).filter((name) => name.endsWith('.tar.gz'));
        return Promise.all(names.map(async (name) => ({ name, mode: (await stat(join(dir, name))).mode & 0o777 })));
      },
    });
    // The box's disk is this machine's: what a fresh machine has not, it must not have either.
    await inBox(['rm', '-rf', '--', HOME, CHECKOUT, '/root/myapp', '/var/www/app', '/var/www/app2', '/var/www/mini', '/usr/lib/node_modules/aegir', '/usr/bin/aegir']);
    // The checkout (tracked and new files; no build, no node_modules) and the user's own PHP app.
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
    await inBox(['mkdir', '-p', `${CHECKOUT}/node_modules`]);
    await inBox(['sh', '-c', 'xargs -0 cp --parents -t "$1"', 'sh', CHECKOUT], { cwd: REPO, stdin: files });
    await inBox(['mount', '--bind', '-o', 'ro', `${REPO}/node_modules`, `${CHECKOUT}/node_modules`]);
    await inBox(['cp', '-r', app.dir, '/root/myapp']);
  }, 120_000);

  it('every line of the quick start is run here, and every check of a verb has its line', () => {
    expect(Object.keys(checks.verbs).sort()).toEqual([...verbs].sort());
    for (const line of Object.keys(afterSetup)) expect(setup).toContain(line);
  });

  for (const line of setup) {
    it(`quick start: ${line}`, async () => {
      const result = (await standIn(line)) ?? (await literally(line));
      await afterSetup[line]?.(result);
    }, 300_000);
  }

  for (const line of verbs) {
    it(`then: ${line}, and curl at once sees its result`, async () => {
      await literally(line);
      await checks.verbs[line]?.();
    }, 300_000);
  }

  // The README's other verbs, on the same box (with its names): each seen at once too.
  const aegir = (args: readonly string[], code = 0): Promise<CommandResult> =>
    fx.run(BOX, ['aegir', ...args], { cwd: '/root', timeoutMs: 300_000 }).then((result) => {
      expect(result.exitCode, `aegir ${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(code);
      return result;
    });
  const page = async (name: string): Promise<AppPage> => appPage(parseCurlInclude((await inBox(['curl', '-sS', '-i', '-H', `Host: ${name}`, 'http://127.0.0.1/'])).stdout), name);
  const exists = async (path: string): Promise<boolean> => (await fx.fileStat(BOX, path)).exists;

  it("the README's one-line app for a reader with none: a site on it names itself", async () => {
    await inBox(['mkdir', '-p', '/var/www/mini']);
    await inBox(['sh', '-c', 'cat > /var/www/mini/index.php'], { stdin: `${minimalApp}\n` });
    await aegir(['platform', 'add', '@mini', '--root', '/var/www/mini', '--app', 'php', '--web', '@localhost']);
    await aegir(['verify', '@mini']);
    await aegir(['install', 'mini.localhost', '--platform', '@mini', '--db', '@localhost']);
    const answer = parseCurlInclude((await inBox(['curl', '-sS', '-i', '-H', 'Host: mini.localhost', 'http://127.0.0.1/'])).stdout);
    expect({ status: answer.status, body: answer.body, generation: answer.generation }).toEqual({ status: 200, body: 'mini.localhost\n', generation: undefined });
  }, 120_000);

  it('backup list and backup delete: the archive is listed, then gone from the hub', async () => {
    const made = await aegir(['backup', '@copy.localhost']);
    const id = /^backup (\d+): /m.exec(made.stderr)?.[1];
    expect(id, made.stderr).toBeDefined();
    const listed = await aegir(['backup', 'list', '@copy.localhost', '--json']);
    const file = (JSON.parse(listed.stdout) as { id: number; file: string }[]).find((backup) => String(backup.id) === id)?.file;
    expect(file, listed.stdout).toMatch(/^copy\.localhost-\d{8}-\d{6}\.tar\.gz$/);
    expect(await exists(`${HOME}/backups/${file}`)).toBe(true);
    await aegir(['backup', 'delete', '@copy.localhost', id ?? '']);
    expect(await exists(`${HOME}/backups/${file}`)).toBe(false);
  }, 120_000);

  it('migrate --platform, then migrate @platform --to: served from each new root at once, the old one gone', async () => {
    await inBox(['cp', '-r', '/root/myapp', '/var/www/app2']);
    await aegir(['platform', 'add', '@app2', '--root', '/var/www/app2', '--app', 'php', '--web', '@localhost']);
    await aegir(['verify', '@app2']);
    await aegir(['migrate', '@copy.localhost', '--platform', '@app2']);
    // The copy's own content (the row it was cloned with), from its new place.
    expect((await page('copy.localhost')).notes.changed).toBe(1);
    expect(await exists('/var/www/app2/sites/copy.localhost/settings.php')).toBe(true);
    expect(await exists('/var/www/app/sites/copy.localhost')).toBe(false);
    await aegir(['migrate', '@app2', '--to', '@app', '--parallel', '2']);
    expect((await page('copy.localhost')).notes.changed).toBe(1);
    expect(await exists('/var/www/app/sites/copy.localhost/settings.php')).toBe(true);
    expect(await exists('/var/www/app2/sites/copy.localhost')).toBe(false);
  }, 300_000);

  it('lock and unlock: a locked platform takes no new site; delete @platform --yes removes an empty one (code put there by hand stays)', async () => {
    await aegir(['lock', '@app']);
    const refused = await aegir(['install', 'new.localhost', '--platform', '@app', '--db', '@localhost'], 2);
    expect(refused.stderr).toMatch(/locked/);
    await aegir(['unlock', '@app']);
    await aegir(['delete', '@app2', '--yes']);
    await aegir(['show', '@app2'], 2);
    expect(await exists('/var/www/app2/index.php')).toBe(true);
  }, 120_000);

  it('verify @platform --sites and a site with TLS on: served over https at once', async () => {
    await aegir(['verify', '@app', '--sites']);
    expect((await page('copy.localhost')).uri).toBe('copy.localhost');
    await aegir(['site', 'set', '@copy.localhost', '--tls', 'on']);
    await aegir(['verify', '@copy.localhost']);
    const https = await inBox(['curl', '-sS', '-i', '-k', '--resolve', 'copy.localhost:443:127.0.0.1', 'https://copy.localhost/']);
    expect(appPage(parseCurlInclude(https.stdout), 'copy.localhost').uri).toBe('copy.localhost');
  }, 120_000);

  it('import adopts a site installed by hand on this machine: served through Aegir at once, then verify changes nothing', async () => {
    const password = 'hand-made-password-1';
    await mariadbQuery(fx, BOX, [
      'CREATE DATABASE handdb', `CREATE USER 'handuser'@'localhost' IDENTIFIED BY '${password}'`, "GRANT ALL ON handdb.* TO 'handuser'@'localhost'",
      'CREATE TABLE handdb.visits (note VARCHAR(64) NOT NULL)', "INSERT INTO handdb.visits (note) VALUES ('installed')",
    ].join('; '));
    const settings = `<?php\nreturn ['uri' => 'hand.localhost', 'db' => ['driver' => 'mysql', 'host' => 'localhost', 'port' => 3306, 'name' => 'handdb', 'user' => 'handuser', 'password' => '${password}']];\n`;
    await inBox(['mkdir', '-p', '/var/www/app/sites/hand.localhost']);
    await inBox(['sh', '-c', 'cat > /var/www/app/sites/hand.localhost/settings.php'], { stdin: settings });
    const run = await aegir(['import', '@app', 'hand.localhost']);
    expect(run.stdout).toContain('imported @hand.localhost on @app (db @localhost)');
    expect((await page('hand.localhost')).database).toBe('handdb');
    expect((await aegir(['verify', '@hand.localhost'])).stdout).toMatch(/: succeeded \(0 changed, /);
    expect((await page('hand.localhost')).database).toBe('handdb');
  }, 120_000);
});
