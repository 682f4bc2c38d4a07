/**
 * Aliases, redirects and self-signed TLS end to end with the built `aegir` binary: a PHP platform
 * on a two-head nginx cluster and one on an Apache head, sites' databases on MariaDB. Every claim
 * is checked over http and https (SNI = the site's name, the certificate fetched from the hub as
 * the only CA) through every web head, and on the heads' disks.
 */
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, shown, type AegirHub } from '../support/aegir-cli.js';
import { httpGetUntil } from '../support/http-get.js';
import { httpsGet, httpsGetUntil } from '../support/https-get.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';

const ROOT = '/var/www/tlsapp';
const APACHE_ROOT = '/var/www/tlsapp3';
const NGINX_HEADS = ['web1', 'web2'] as const;
const APACHE_HEAD = 'web3';
const SITE = 'tls1.test';
const APACHE_SITE = 'tls3.test';

/** Prints the server name the vhost gave PHP and whether the request came over https. */
const INDEX_PHP = `<?php
echo 'site=', $_SERVER['SERVER_NAME'], ' https=', (($_SERVER['HTTPS'] ?? '') === 'on' ? 'yes' : 'no'), "\\n";
`;

interface ShownSite {
  readonly aliases: string[];
  readonly tls: string;
  readonly certificate?: { readonly chain: string; readonly key: string; readonly names: string[]; readonly issuer: string };
}

describeWithFixture('aliases, redirects and self-signed TLS (nginx cluster and Apache, on the fixture)', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'web3', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  const source = mkdtempSync(join(tmpdir(), 'aegir-tlsapp-'));
  const address = (host: string): string => fx.host(host).address;
  const shownSite = async (uri: string): Promise<ShownSite> => JSON.parse((await hub.ok(['show', `@${uri}`, '--json'])).stdout) as ShownSite;

  beforeAll(async () => {
    fx = fixture();
    mkdirSync(join(source, 'sites'));
    writeFileSync(join(source, 'index.php'), INDEX_PHP);
    chmodSync(source, 0o755);
    await Promise.all([...NGINX_HEADS, APACHE_HEAD].map(async (host) => {
      await fx.startPhpFpm(host);
      await (host === APACHE_HEAD ? fx.startApache(host) : fx.startNginx(host));
    }));
    const db = await fx.startMariadb('db1');
    hub = createAegirHub();
    await initAndTrust(hub, fx);
    for (const host of NGINX_HEADS) await hub.ok(['server', 'add', `@${host}`, '--host', address(host), '--http', 'nginx', '--accept-host-key']);
    await hub.ok(['server', 'add', `@${APACHE_HEAD}`, '--host', address(APACHE_HEAD), '--http', 'apache', '--accept-host-key']);
    for (const host of [...NGINX_HEADS, APACHE_HEAD]) await hub.ok(['verify', `@${host}`]);
    await hub.ok(['server', 'add', '@db1', '--host', address('db1'), '--db', 'mysql', '--accept-host-key',
      '--set', `db.user=${db.user}`, '--set', 'db.password=-'], { stdin: db.password });
    await hub.ok(['cluster', 'add', '@web', '--servers', '@web1,@web2']);
    await hub.ok(['platform', 'add', '@tls', '--root', ROOT, '--app', 'php', '--web', '@web', '--source', source]);
    await hub.ok(['platform', 'add', '@tls3', '--root', APACHE_ROOT, '--app', 'php', '--web', `@${APACHE_HEAD}`, '--source', source]);
    await hub.ok(['verify', '@tls']);
    await hub.ok(['verify', '@tls3']);
    await hub.ok(['install', SITE, '--platform', '@tls', '--db', '@db1']);
    await hub.ok(['install', APACHE_SITE, '--platform', '@tls3', '--db', '@db1']);
  }, 180_000);

  afterAll(() => {
    hub?.dispose();
    rmSync(source, { recursive: true, force: true });
  });

  it('site set --alias then verify serves the aliases on every head; --redirect 301s them to the uri', async () => {
    const set = await hub.ok(['site', 'set', `@${SITE}`, '--alias', `www.${SITE},alt.${SITE}`]);
    expect(set.stdout).toContain(`changed site ${SITE}`);
    expect((await shownSite(SITE)).aliases).toEqual([`www.${SITE}`, `alt.${SITE}`]);
    await hub.ok(['verify', `@${SITE}`]);
    for (const host of NGINX_HEADS) {
      const alias = await httpGetUntil(address(host), `alt.${SITE}`, (r) => r.status === 200);
      expect(alias.body, host).toBe(`site=${SITE} https=no\n`);
    }
    await hub.ok(['site', 'set', `@${SITE}`, '--redirect']);
    await hub.ok(['verify', `@${SITE}`]);
    for (const host of NGINX_HEADS) {
      const moved = await httpGetUntil(address(host), `www.${SITE}`, (r) => r.status === 301, { path: '/a?b=1' });
      expect(moved.status, host).toBe(301);
      expect(moved.headers.location).toBe(`http://${SITE}/a?b=1`);
      expect((await httpGetUntil(address(host), SITE, (r) => r.status === 200)).body).toBe(`site=${SITE} https=no\n`);
    }
    // The KEY=VALUE form still works.
    await hub.ok(['site', 'set', `@${SITE}`, 'redirect=false']);
    await hub.ok(['verify', `@${SITE}`]);
    for (const host of NGINX_HEADS) expect((await httpGetUntil(address(host), `www.${SITE}`, (r) => r.status === 200)).status).toBe(200);
  });

  it('--tls on makes a self-signed certificate on the hub; verify serves https beside http on both heads, key 0600', async () => {
    const set = await hub.ok(['site', 'set', `@${SITE}`, '--tls', 'on', '--redirect']);
    expect(set.stdout).toContain('made a self-signed certificate');
    const site = await shownSite(SITE);
    expect(site.certificate).toMatchObject({ issuer: 'self-signed', names: [SITE, `www.${SITE}`, `alt.${SITE}`], key: '********' });
    const ca = site.certificate?.chain ?? '';
    expect(new X509Certificate(ca).subjectAltName).toContain(`DNS:alt.${SITE}`);
    await hub.ok(['verify', `@${SITE}`]);
    for (const host of NGINX_HEADS) {
      const page = await httpsGetUntil(address(host), SITE, ca, (r) => r.status === 200);
      expect(page.body, host).toBe(`site=${SITE} https=yes\n`);
      expect(page.peerFingerprint).toBe(new X509Certificate(ca).fingerprint256);
      expect((await httpGetUntil(address(host), SITE, (r) => r.status === 200)).body).toBe(`site=${SITE} https=no\n`);
      const alias = await httpsGet(address(host), `www.${SITE}`, ca, { path: '/x' });
      expect(alias.status).toBe(301);
      expect(alias.headers.location).toBe(`https://${SITE}/x`);
      expect(await fx.fileStat(host, `/etc/nginx/aegir/tls/${SITE}.key`)).toMatchObject({ type: 'file', mode: 0o600, uid: 0 });
      expect(await fx.fileStat(host, '/etc/nginx/aegir/tls')).toMatchObject({ type: 'dir', mode: 0o700 });
    }
    // A name the site does not have gets no certificate at all.
    await expect(httpsGet(address('web1'), 'other.test', ca)).rejects.toThrow();
  });

  it('--tls required redirects http to https on every name, except the ACME challenge path', async () => {
    await hub.ok(['site', 'set', `@${SITE}`, '--tls', 'required']);
    await hub.ok(['verify', `@${SITE}`]);
    const ca = (await shownSite(SITE)).certificate?.chain ?? '';
    for (const host of NGINX_HEADS) {
      const moved = await httpGetUntil(address(host), SITE, (r) => r.status === 301, { path: '/page?q=1' });
      expect(moved.status, host).toBe(301);
      expect(moved.headers.location).toBe(`https://${SITE}/page?q=1`);
      const alias = await httpGetUntil(address(host), `alt.${SITE}`, (r) => r.status === 301);
      expect(alias.headers.location).toBe(`https://${SITE}/`);
      const challenge = await httpGetUntil(address(host), SITE, () => true, { path: '/.well-known/acme-challenge/none' });
      expect(challenge.status).toBe(404);
      expect((await httpsGet(address(host), SITE, ca)).body).toBe(`site=${SITE} https=yes\n`);
    }
  });

  it('Apache: --tls on serves https with the self-signed certificate beside http', async () => {
    await hub.ok(['site', 'set', `@${APACHE_SITE}`, '--tls', 'on']);
    await hub.ok(['verify', `@${APACHE_SITE}`]);
    const ca = (await shownSite(APACHE_SITE)).certificate?.chain ?? '';
    const page = await httpsGetUntil(address(APACHE_HEAD), APACHE_SITE, ca, (r) => r.status === 200);
    expect(page.body).toBe(`site=${APACHE_SITE} https=yes\n`);
    expect((await httpGetUntil(address(APACHE_HEAD), APACHE_SITE, (r) => r.status === 200)).body).toBe(`site=${APACHE_SITE} https=no\n`);
    expect(await fx.fileStat(APACHE_HEAD, `/etc/apache2/aegir/tls/${APACHE_SITE}.key`)).toMatchObject({ type: 'file', mode: 0o600 });
    await hub.ok(['site', 'set', `@${APACHE_SITE}`, '--tls', 'required']);
    await hub.ok(['verify', `@${APACHE_SITE}`]);
    const moved = await httpGetUntil(address(APACHE_HEAD), APACHE_SITE, (r) => r.status === 301, { path: '/p?x=1' });
    expect(moved.headers.location).toBe(`https://${APACHE_SITE}/p?x=1`);
  });

  it('tls renew leaves current certificates alone, and renews with --force', async () => {
    const before = (await shownSite(SITE)).certificate?.chain;
    const current = await hub.ok(['tls', 'renew', `@${SITE}`]);
    expect(current.stdout).toContain(`@${SITE}: current`);
    expect((await shownSite(SITE)).certificate?.chain).toBe(before);
    const renewed = await hub.ok(['tls', 'renew', `@${SITE}`, '--force']);
    expect(renewed.stdout, shown(renewed)).toContain(`@${SITE}: new certificate`);
    const after = (await shownSite(SITE)).certificate?.chain ?? '';
    expect(after).not.toBe(before);
    for (const host of NGINX_HEADS) {
      const page = await httpsGetUntil(address(host), SITE, after, (r) => r.status === 200);
      expect(page.peerFingerprint, host).toBe(new X509Certificate(after).fingerprint256);
    }
  });

  it('login refuses a plain PHP site with a plain message', async () => {
    const run = await hub.run(['login', `@${SITE}`]);
    expect(run.code, shown(run)).toBe(1);
    expect(run.stderr).toContain('a one-time login link is not available for php sites');
  });

  it('never prints a TLS private key', () => {
    expect(hub.transcript.join('\n')).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });
});
