/**
 * A web server and an app kind are registered the way the README says: a value each (what its
 * folder would export) and one line in a registry value. This test builds its own registry values
 * from the real ones plus a throwaway entry each (the real ones are left as they are) and plans a
 * site with them: its directories and settings, the code push, the server config and the vhost,
 * whose blocks the shared code chooses and the throwaway dialect only writes.
 */
import { describe, expect, it } from 'vitest';
import {
  APP_REGISTRY, appKindIn, appSiteInput, platformProbePaths, readPlatformFacts, settingsFile, siteDirectories, writableDir,
  type AppKind, type AppKindName, type AppRegistry, type SiteLayout,
} from '../apps/index.js';
import { parseSite, Secret, type Site } from '../model/index.js';
import { webServerSettings } from '../model/settings/web-server.js';
import { createPlan, type Action, type HttpCheckAction, type WriteFileAction } from '../plan/index.js';
import { codePushActions } from '../services/files/index.js';
import {
  bindSettings, webHttpService, type BlockListen, type HttpService, type RedirectTarget, type VhostRenderer, type WebServerDialect,
} from '../services/http/index.js';
import { vhostInputOf } from '../services/http/site-paths.js';
import { SERVICES, type ServiceRegistry } from '../services/registry.js';
import { appFileActions } from './site-actions.js';

// ---- what src/apps/toy/ would hold: a kind with its own layout (sites under `web-sites/`) ----

const TOY_LAYOUT: SiteLayout = {
  dirsOf: (root, uri) => ({ siteDir: `${root}/web-sites/${uri}`, publicFilesPath: `web-sites/${uri}/uploads`, privateDir: `${root}/web-sites/${uri}/data` }),
  pushExcludes: ['/web-sites/*/uploads/', '/web-sites/*/data/'],
};

const toyApp: AppKind<'toy'> = {
  name: 'toy',
  layout: TOY_LAYOUT,
  settingsFiles: (input) => [settingsFile(input, `${input.siteDir}/config.toy.php`, `<?php return ['db' => '${input.db.name}'];\n`)],
  directories: (input) => siteDirectories(input, ['cache']).concat([writableDir(input, `${input.privateDir}/sessions`)]),
  platformFiles: () => [],
  installer: () => undefined,
  updater: () => undefined,
  code: { markers: ['toy.php'], extraPaths: () => [], read: () => ({}) },
  web: { frontController: true, deniedDirs: ['secrets'], deniedExtensions: ['tpl'] },
  liveCheck: { path: '/healthz', statuses: [200, 204] },
  pushExcludes: [...TOY_LAYOUT.pushExcludes, '/web-sites/*/config.toy.php'],
};

// ---- what src/services/http/toy/ would hold: a dialect that only writes blocks ----

const at = (listen: BlockListen): string => (listen.tls ? `https :${listen.port} cert ${JSON.stringify(listen.certificate.certificate)}` : `http :${listen.port}`);
const to = (target: RedirectTarget): string => (target.kind === 'origin' ? target.origin : `https://{host}:${target.port}`);

const toyBlocks: VhostRenderer = {
  name: 'toy',
  site: (block, site, rules, settings) => [
    `site ${block.names.join(' ')} ${at(block.listen)} {`,
    `  root ${JSON.stringify(site.docRoot)}`,
    `  uploads ${JSON.stringify(site.publicFilesDir)} static`,
    `  deny ${JSON.stringify(site.privateFilesDir)}`,
    ...(rules.frontController ? ['  fallback /index.php'] : []),
    ...rules.deniedDirs.map((dir) => `  deny-dir ${dir}`),
    ...rules.deniedExtensions.map((ext) => `  deny-ext ${ext}`),
    `  php ${JSON.stringify(settings.phpFpmSocket)}`,
    '}',
    '',
  ].join('\n'),
  disabled: (block) => `disabled ${block.names.join(' ')} ${at(block.listen)}\n`,
  redirect: (block) => `redirect ${block.names.join(' ')} ${at(block.listen)} -> ${to(block.target)}${block.acmeRoot === undefined ? '' : ` acme ${JSON.stringify(block.acmeRoot)}`}\n`,
};

const toySettingsSchema = webServerSettings({ reloadArgv: ['toyctl', 'reload'], configTestArgv: ['toyctl', 'test'], configDir: '/etc/toy' });
type ToySettings = ReturnType<typeof toySettingsSchema.parse>;

const toyDialect: WebServerDialect<'http.toy'> = {
  id: 'http.toy',
  dirs: (settings) => [{ name: 'aegir', path: `${settings.configDir}/aegir` }, { name: 'vhost.d', path: `${settings.configDir}/aegir/vhost.d` }],
  conflicting: () => [],
  serverConfig: (settings, sites) => [{
    name: 'server-config', path: `${settings.configDir}/toy.conf`,
    content: `names ${sites.reduce((n, site) => n + 1 + site.aliases.length, 0)}\ninclude ${settings.configDir}/aegir/vhost.d/*.conf\n`,
  }],
  tlsDir: (settings) => `${settings.configDir}/aegir/tls`,
  vhost: toyBlocks,
  generationFile: (settings) => `${settings.configDir}/aegir/generation.conf`,
  generationConfig: (token) => `generation ${token}\n`,
  reloadSettleMs: 0,
};

const toyHttpService = webHttpService<ToySettings, 'http.toy'>(toyDialect);

// ---- the one registry line of each, in registry values of the test's own ----

const apps = { ...APP_REGISTRY, toy: toyApp } satisfies AppRegistry;
const services = { ...SERVICES, http: { ...SERVICES.http, toy: toyHttpService } } satisfies ServiceRegistry & { readonly http: { readonly toy: HttpService<ToySettings, 'http.toy'> } };

// A registry that leaves out one of the kinds or implementations the model accepts does not compile.
// @ts-expect-error: mediawiki, wordpress and php are missing
const _missingKinds: { readonly [N in AppKindName]: AppKind<N> } = { drupal: APP_REGISTRY.drupal };
// @ts-expect-error: http.null is missing
const _missingServer: ServiceRegistry = { ...SERVICES, http: { nginx: SERVICES.http.nginx, apache: SERVICES.http.apache } };

const ROOT = '/var/www/toy';
const platform = { alias: '@toy', root: ROOT, app: 'toy', source: '/srv/build/toy' } as const;
const settings = toySettingsSchema.parse({});
const CERT = { chain: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', key: new Secret('-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----\n'), notAfter: '2030-01-01T00:00:00Z', names: ['shop.example.com'], issuer: 'self-signed' as const };
const shop: Site = parseSite({ uri: 'shop.example.com', platform: '@toy', db: '@db1', aliases: 'www.shop.example.com', redirect: true, status: 'new' });

function installPlan(site: Site): { actions: Action[]; vhost: WriteFileAction } {
  const input = appSiteInput({
    uri: site.uri, aliases: site.aliases, platformRoot: ROOT, layout: appKindIn(apps, platform.app).layout,
    db: { driver: 'mysql', host: '10.0.0.21', port: 3306, name: 'shop', user: 'shop', password: 'secret-password' },
    hashSalt: 's'.repeat(32), webGroup: settings.webGroup,
  });
  const web = bindSettings(services.http.toy, settings);
  const push = codePushActions({ server: '@web1', platform, apps }, { sameHost: false });
  const files = appFileActions(appKindIn(apps, platform.app), input, '@web1', push.map((a) => a.id));
  const server = web.serverPlanActions({ server: '@web1', address: '10.0.0.11', sites: [site], idPrefix: 'http:@web1:server' });
  const vhosts = web.sitePlanActions({
    server: '@web1', address: '10.0.0.11', apps, after: [...files.settings, ...server.map((a) => a.id)],
    changes: [{ kind: 'write', site: vhostInputOf(site, platform, { enabled: site.status !== 'disabled' }, apps) }],
  });
  const actions = [...push, ...files.actions, ...server, ...vhosts];
  createPlan(`install ${site.alias}`, actions);
  const vhost = vhosts.find((a): a is WriteFileAction => a.kind === 'writeFile' && a.path.endsWith(`/${site.uri}.conf`));
  if (vhost === undefined) throw new Error('no vhost written');
  return { actions, vhost };
}

describe('a throwaway app kind and web server, registered in registry values of their own', () => {
  it('leave the real registries as they are', () => {
    expect(() => appKindIn(APP_REGISTRY, 'toy')).toThrow(/^app: "toy" is not an app kind \(one of: drupal, wordpress, mediawiki, php\)/);
    expect(Object.keys(SERVICES.http)).toEqual(['nginx', 'apache', 'null']);
    expect(appKindIn(apps, 'toy')).toBe(toyApp);
  });

  it('plan a site: the kind\'s directories and settings in its own layout, the push sparing them, then the vhost', () => {
    const { actions, vhost } = installPlan(shop);
    const dirs = actions.filter((a) => a.kind === 'ensureDir' && a.server === '@web1' && a.id.startsWith('files:')).map((a) => a.kind === 'ensureDir' && a.path);
    expect(dirs).toEqual([
      '/var/www/toy/web-sites/shop.example.com', '/var/www/toy/web-sites/shop.example.com/uploads', '/var/www/toy/web-sites/shop.example.com/data',
      '/var/www/toy/web-sites/shop.example.com/data/cache', '/var/www/toy/web-sites/shop.example.com/data/sessions',
    ]);
    expect(actions.find((a) => a.id === 'files:@web1:shop.example.com:settings:config.toy.php')).toMatchObject({ mode: 0o440, group: 'www-data', sensitive: true });
    expect(actions.find((a) => a.kind === 'pushTree')).toMatchObject({ excludes: toyApp.pushExcludes, target: ROOT });
    expect(vhost.path).toBe('/etc/toy/aegir/vhost.d/shop.example.com.conf');
    expect(vhost.content).toBe([
      '# toy vhost of shop.example.com (toy site, enabled).',
      '# Written by Aegir: local changes are overwritten.',
      'site shop.example.com http :80 {',
      '  root "/var/www/toy"',
      '  uploads "/var/www/toy/web-sites/shop.example.com/uploads" static',
      '  deny "/var/www/toy/web-sites/shop.example.com/data"',
      '  fallback /index.php',
      '  deny-dir secrets',
      '  deny-ext tpl',
      '  php "/run/php/php8.2-fpm.sock"',
      '}',
      '',
      'redirect www.shop.example.com http :80 -> http://shop.example.com',
      '',
    ].join('\n'));
  });

  it('check the site with its kind\'s page and statuses, after the toy server reloads with its own argv', () => {
    const { actions } = installPlan(shop);
    expect(actions.find((a): a is HttpCheckAction => a.id === 'http:@web1:check:shop.example.com')).toMatchObject({
      host: 'shop.example.com', path: '/healthz', expect: { kind: 'site', statuses: [200, 204] },
    });
    expect(actions.filter((a) => a.kind === 'reload').map((a) => a.kind === 'reload' && a.argv)).toEqual([['toyctl', 'reload'], ['toyctl', 'reload']]);
    expect(actions.find((a) => a.id === 'http:@web1:server:write:server-config')).toMatchObject({
      path: '/etc/toy/toy.conf', content: 'names 2\ninclude /etc/toy/aegir/vhost.d/*.conf\n',
    });
  });

  it('get the shared choice of blocks: disabled, and https required with the ACME path kept on http', () => {
    expect(installPlan({ ...shop, status: 'disabled' }).vhost.content.split('\n').slice(2)).toEqual([
      'disabled shop.example.com www.shop.example.com http :80', '',
    ]);
    const secure = installPlan({ ...shop, tls: 'required', certificate: CERT }).vhost.content.split('\n').filter((line) => !line.startsWith(' ') && line !== '');
    expect(secure.slice(2)).toEqual([
      'redirect shop.example.com http :80 -> https://{host}:443 acme "/var/www/toy"',
      'site shop.example.com https :443 cert "/etc/toy/aegir/tls/shop.example.com.crt" {',
      '}',
      'redirect www.shop.example.com http :80 -> https://shop.example.com acme "/var/www/toy"',
      'redirect www.shop.example.com https :443 cert "/etc/toy/aegir/tls/shop.example.com.crt" -> https://shop.example.com',
    ]);
  });

  it('probe the kind\'s own markers and read the code with them', () => {
    expect(platformProbePaths('toy', ROOT, apps)).toEqual(['/var/www/toy/toy.php', '/var/www/toy']);
    expect(readPlatformFacts('toy', ROOT, new Map([['/var/www/toy/toy.php', { type: 'file', content: '' }]]), ['a'], apps)).toEqual({ isApp: true, siteDirs: ['a'] });
  });
});
