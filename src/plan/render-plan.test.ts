import { describe, expect, it } from 'vitest';
import type { Plan } from './action.js';
import { httpCheck } from './build-check-actions.js';
import { configTest, exec, reload, sql, sqlStatement } from './build-command-actions.js';
import { ensureDir, writeFile } from './build-file-actions.js';
import { createPlan } from './build-plan.js';
import { renderPlan, renderPlanJson } from './render-plan.js';

const DB_PASSWORD = 'Zq7-db-pass-4e1f9c';
const ADMIN_PASSWORD = 'Adm1n-stdin-77b0d2';
const SITE = '/var/www/wiki.example.com';

const OLD_VHOST = [
  'server {',
  '  listen 80;',
  '  server_name wiki.example.com;',
  `  root ${SITE};`,
  '  index index.php;',
  '  location / { try_files $uri /index.php; }',
  '}',
  '',
].join('\n');
const NEW_VHOST = OLD_VHOST.replace('listen 80;', 'listen 80;\n  listen [::]:80;').replace('index index.php;', 'index index.php index.html;');
const UPSTREAM = 'upstream php { server unix:/run/php/php8.2-fpm.sock; }\n';

function samplePlan(): Plan {
  return createPlan('install @wiki.example.com', [
    sql({
      id: 'db', server: '@db1', sensitive: true,
      statements: [
        sqlStatement('CREATE DATABASE `wiki`'),
        sqlStatement("CREATE USER ?@'%' IDENTIFIED BY ?", ['wiki', DB_PASSWORD]),
        sqlStatement("GRANT ALL ON `wiki`.* TO ?@'%'", ['wiki']),
      ],
    }),
    ensureDir({ id: 'site-dir', server: '@web1', path: SITE, owner: 'www-data', group: 'www-data' }),
    writeFile({
      id: 'vhost', server: '@web1', path: '/etc/nginx/aegir/wiki.example.com.conf', content: NEW_VHOST,
      owner: 'root', group: 'root',
    }),
    writeFile({ id: 'upstream', server: '@web1', path: '/etc/nginx/aegir/upstream.conf', content: UPSTREAM, owner: 'root', group: 'root' }),
    writeFile({
      id: 'index', server: '@web1', path: `${SITE}/index.html`, content: '<h1>Coming soon</h1>\n',
      owner: 'www-data', group: 'www-data', after: ['site-dir'],
    }),
    writeFile({
      id: 'settings', server: '@web1', path: `${SITE}/LocalSettings.php`, mode: 0o440, owner: 'root', group: 'www-data',
      content: `<?php\n$wgDBpassword = '${DB_PASSWORD}';\n`, sensitive: true, after: ['site-dir'],
    }),
    exec({
      id: 'install', server: '@web1', user: 'www-data', cwd: SITE, sensitive: true, after: ['settings', 'db'],
      argv: ['php', 'maintenance/install.php', '--passfile', '/dev/stdin', 'Wiki', 'admin'],
      stdin: `${ADMIN_PASSWORD}\n`, env: { MW_DB_PASSWORD: DB_PASSWORD },
    }),
    configTest({ id: 'config-test', server: '@web1', argv: ['nginx', '-t'], after: ['vhost', 'upstream'] }),
    reload({ id: 'reload', server: '@web1', argv: ['nginx', '-s', 'reload'], after: ['config-test'] }),
  ]);
}

const previous = (server: string, path: string): string | undefined => {
  if (server !== '@web1') return undefined;
  if (path === '/etc/nginx/aegir/wiki.example.com.conf') return OLD_VHOST;
  return path === '/etc/nginx/aegir/upstream.conf' ? UPSTREAM : undefined;
};

const SECRETS = [DB_PASSWORD, ADMIN_PASSWORD];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
  expect(text).not.toContain('Adm1n');
  expect(text).not.toContain('4e1f9c');
}

describe('renderPlan', () => {
  it('prints a plan over two servers, grouped and sorted, with diffs and hidden secrets', () => {
    expect(renderPlan(samplePlan(), { previous })).toBe(`Plan: install @wiki.example.com
9 actions on 2 servers: 4 files to write (1 unchanged), 1 directory to ensure, 1 command to run, 1 SQL batch to run, 1 config test, 1 reload

@db1
  [db] run SQL: CREATE DATABASE \`wiki\` (+2 more)
    CREATE DATABASE \`wiki\`
    CREATE USER ?@'%' IDENTIFIED BY ?
      params: ********, ********
    GRANT ALL ON \`wiki\`.* TO ?@'%'
      params: ********

@web1
  [site-dir] ensure directory /var/www/wiki.example.com (0755 www-data:www-data)
  [vhost] write /etc/nginx/aegir/wiki.example.com.conf (0644 root:root)
    --- a/etc/nginx/aegir/wiki.example.com.conf
    +++ b/etc/nginx/aegir/wiki.example.com.conf
    @@ -1,7 +1,8 @@
     server {
       listen 80;
    +  listen [::]:80;
       server_name wiki.example.com;
       root /var/www/wiki.example.com;
    -  index index.php;
    +  index index.php index.html;
       location / { try_files $uri /index.php; }
     }
  [upstream] write /etc/nginx/aegir/upstream.conf (0644 root:root)
    unchanged
  [index] write /var/www/wiki.example.com/index.html (0644 www-data:www-data) (after: site-dir)
    --- /dev/null
    +++ b/var/www/wiki.example.com/index.html
    @@ -0,0 +1,1 @@
    +<h1>Coming soon</h1>
  [settings] write /var/www/wiki.example.com/LocalSettings.php (0440 root:www-data) (after: site-dir)
    (content hidden: 44 bytes, sensitive)
  [install] run php maintenance/install.php --passfile /dev/stdin Wiki admin (as www-data in /var/www/wiki.example.com) (after: settings, db)
    stdin: (hidden, sensitive)
    env: MW_DB_PASSWORD=********
  [config-test] test config: nginx -t (after: vhost, upstream)
  [reload] reload: nginx -s reload (after: config-test)
`);
  });

  it('shows every file as new without a previous lookup, and a changed sensitive file only by size', () => {
    const text = renderPlan(samplePlan());
    expect(text).toContain('4 files to write (0 unchanged)');
    expect(text).toContain('--- /dev/null\n    +++ b/etc/nginx/aegir/upstream.conf\n    @@ -0,0 +1,1 @@\n    +upstream php');
    expect(text).toContain('    --- /dev/null\n    +++ b/etc/nginx/aegir/wiki.example.com.conf\n    @@ -0,0 +1,8 @@\n    +server {');
    expect(text).not.toContain('unchanged\n');
    expectNoSecret(text);
  });

  it('never diffs a sensitive file, even against a previous version holding another secret', () => {
    const oldSecret = 'old-Secret-value-31337';
    const text = renderPlan(samplePlan(), {
      previous: (_, path) => (path.endsWith('LocalSettings.php') ? `<?php\n$wgDBpassword = '${oldSecret}';\n` : undefined),
    });
    expect(text).toContain('  [settings] write /var/www/wiki.example.com/LocalSettings.php (0440 root:www-data) (after: site-dir)\n    (content hidden: 44 bytes, sensitive)\n');
    expect(text).not.toContain(oldSecret);
    expect(text).not.toContain('wgDBpassword');
    expectNoSecret(text);
  });

  it('says an unchanged sensitive file is unchanged, still without its content', () => {
    const text = renderPlan(samplePlan(), {
      previous: (_, path) => (path.endsWith('LocalSettings.php') ? `<?php\n$wgDBpassword = '${DB_PASSWORD}';\n` : undefined),
    });
    expect(text).toContain('    unchanged (content hidden: 44 bytes, sensitive)\n');
    expect(text).toContain('4 files to write (1 unchanged)');
    expectNoSecret(text);
  });

  it('colours diffs for a terminal without leaking secrets', () => {
    const text = renderPlan(samplePlan(), { previous, color: true });
    expect(text).toContain('\u001b[32m+  listen [::]:80;\u001b[0m');
    expect(text).toContain('\u001b[31m-  index index.php;\u001b[0m');
    expect(text).toContain('\u001b[1m@web1\u001b[0m');
    expectNoSecret(text);
    expect(renderPlan(samplePlan(), { previous })).not.toContain('\u001b[');
  });

  it('renders an empty plan', () => {
    expect(renderPlan(createPlan('verify @web1', []))).toBe('Plan: verify @web1\n0 actions: nothing to do\n');
  });
});

describe('renderPlanJson', () => {
  it('prints the redacted plan as pretty JSON', () => {
    const plan = samplePlan();
    const text = renderPlanJson(plan);
    expectNoSecret(text);
    const shown = JSON.parse(text) as Plan;
    expect(shown.actions.map((action) => action.id)).toEqual(plan.actions.map((action) => action.id));
    expect(shown.actions.find((action) => action.id === 'settings')).toMatchObject({ content: '********', sensitive: true });
    expect(shown.actions.find((action) => action.id === 'install')).toMatchObject({
      stdin: '********', env: { MW_DB_PASSWORD: '********' },
    });
    expect(shown.actions.find((action) => action.id === 'vhost')).toMatchObject({ content: NEW_VHOST });
    expect(text).toContain('\n  "title": "install @wiki.example.com",\n');
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('leaves the plan it renders untouched', () => {
    const plan = samplePlan();
    renderPlanJson(plan);
    renderPlan(plan, { previous });
    expect(JSON.stringify(plan)).toContain(DB_PASSWORD);
    expect(JSON.stringify(plan)).toContain(ADMIN_PASSWORD);
  });
});

describe('renderPlan of HTTP checks', () => {
  it('shows the wait for the new config and each site\'s check, with how long they ask and when they run', () => {
    const plan = createPlan('enable @wiki.example.com', [
      reload({ id: 'reload', server: '@web1', argv: ['nginx', '-s', 'reload'] }),
      httpCheck({
        id: 'live', server: '@web1', address: '10.0.0.11', port: 80, host: 'aegir-generation.invalid', path: '/aegir-generation',
        expect: { kind: 'generation', file: '/etc/nginx/aegir/generation.conf', settleMs: 300 }, after: ['reload'],
      }),
      httpCheck({
        id: 'check', server: '@web1', address: '10.0.0.11', port: 80, host: 'wiki.example.com', path: '/', timeoutMs: 15_000,
        expect: { kind: 'site', statuses: [503], text: 'This site is disabled.' }, after: ['live', 'reload'], changedBy: ['reload'],
      }),
    ]);
    expect(renderPlan(plan).split('\n').slice(1)).toEqual([
      '3 actions on 1 server: 1 reload, 2 HTTP checks',
      '',
      '@web1',
      '  [reload] reload: nginx -s reload',
      '  [live] wait until @web1 (10.0.0.11:80) serves the config generation in /etc/nginx/aegir/generation.conf (after: reload)',
      '    asks until it does, then 300 ms more in which every answer must be it; fails after 30 s',
      '  [check] check that http://wiki.example.com/ via 10.0.0.11:80 answers 503 "This site is disabled." from its own vhost (after: live, reload)',
      '    asks until it does; fails after 15 s',
      '    runs only when one of these changed: reload',
      '',
    ]);
  });
});
