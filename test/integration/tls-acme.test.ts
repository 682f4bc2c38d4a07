/**
 * ACME end to end with the built `aegir` binary and Debian's `pebble` as the CA: a site on a
 * two-head nginx cluster gets its certificate through real HTTP-01 validation (pebble's DNS points
 * the uri at the first web head and its alias at the second, so each serves the challenge the hub
 * placed on every web head), and `curl --cacert <pebble root>` fetches the site over https from every web head.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAegirHub, initAndTrust, shown, type AegirHub } from '../support/aegir-cli.js';
import { httpGetUntil } from '../support/http-get.js';
import { startPebble, type Pebble } from '../support/pebble.js';
import { describeWithFixture, useFixture, type Fixture } from '../fixture/index.js';

const ROOT = '/var/www/acmeapp';
const HEADS = ['web1', 'web2'] as const;
const SITE = 'acme1.test';
const ALIAS = `www.${SITE}`;

const INDEX_PHP = `<?php
echo 'site=', $_SERVER['SERVER_NAME'], ' https=', (($_SERVER['HTTPS'] ?? '') === 'on' ? 'yes' : 'no'), "\\n";
`;

function pebbleAvailable(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v pebble && command -v pebble-challtestsrv'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describeWithFixture('ACME certificates from pebble through HTTP-01 on a two-head nginx cluster (on the fixture)', () => {
  const fixture = useFixture({ hosts: ['web1', 'web2', 'db1'] });
  let fx: Fixture;
  let hub: AegirHub;
  let pebble: Pebble;
  const source = mkdtempSync(join(tmpdir(), 'aegir-acmeapp-'));
  const address = (host: string): string => fx.host(host).address;

  /** curl from the hub to one web head, trusting only pebble's root. */
  const curl = (host: string, root: string, path = '/'): string => {
    const rootFile = join(source, 'pebble-root.pem');
    writeFileSync(rootFile, root);
    return execFileSync('curl', ['-sS', '--fail', '--max-time', '10', '--cacert', rootFile, '--resolve', `${SITE}:443:${address(host)}`, `https://${SITE}${path}`], { encoding: 'utf8' });
  };

  beforeAll(async () => {
    if (!pebbleAvailable()) throw new Error('pebble is not installed: apt-get install pebble');
    fx = fixture();
    mkdirSync(join(source, 'sites'));
    writeFileSync(join(source, 'index.php'), INDEX_PHP);
    chmodSync(source, 0o755);
    await Promise.all(HEADS.map(async (host) => {
      await fx.startPhpFpm(host);
      await fx.startNginx(host);
    }));
    const db = await fx.startMariadb('db1');
    pebble = await startPebble(fx.hubAddress, address('web1'));
    hub = createAegirHub({ AEGIR_ACME_DIRECTORY: pebble.directoryUrl, AEGIR_ACME_CA: pebble.listenerCaFile, AEGIR_ACME_POLL_MS: '100' });
    await initAndTrust(hub, fx);
    for (const host of HEADS) {
      await hub.ok(['server', 'add', `@${host}`, '--host', address(host), '--http', 'nginx', '--accept-host-key']);
      await hub.ok(['verify', `@${host}`]);
    }
    await hub.ok(['server', 'add', '@db1', '--host', address('db1'), '--db', 'mysql', '--accept-host-key',
      '--set', `db.user=${db.user}`, '--set', 'db.password=-'], { stdin: db.password });
    await hub.ok(['cluster', 'add', '@web', '--servers', '@web1,@web2']);
    await hub.ok(['platform', 'add', '@acme', '--root', ROOT, '--app', 'php', '--web', '@web', '--source', source]);
    await hub.ok(['verify', '@acme']);
    await hub.ok(['install', SITE, '--platform', '@acme', '--db', '@db1', '--alias', ALIAS, '--redirect']);
    await pebble.addA(SITE, address('web1'));
    // The alias is validated through the second web head: the challenge must be on both.
    await pebble.addA(ALIAS, address('web2'));
  }, 180_000);

  afterAll(() => {
    pebble?.stop();
    hub?.dispose();
    rmSync(source, { recursive: true, force: true });
  });

  it('tls renew gets a certificate validated over HTTP-01 and verify places it on every web head', async () => {
    const set = await hub.ok(['site', 'set', `@${SITE}`, '--tls', 'required', '--tls-issuer', 'acme']);
    expect(set.stdout).toContain(`aegir tls renew @${SITE}`);
    const renew = await hub.run(['tls', 'renew', `@${SITE}`], { timeoutMs: 120_000 });
    expect(renew.code, shown(renew)).toBe(0);
    expect(renew.stdout).toContain(`@${SITE}: new certificate`);
    const root = await pebble.root();
    for (const host of HEADS) {
      await httpGetUntil(address(host), SITE, (r) => r.status === 301);
      expect(curl(host, root), host).toBe(`site=${SITE} https=yes\n`);
      expect(await fx.fileStat(host, `/etc/nginx/aegir/tls/${SITE}.key`)).toMatchObject({ type: 'file', mode: 0o600 });
      // The challenge answers were taken away again.
      const left = await fx.run(host, ['find', `${ROOT}/.well-known/acme-challenge`, '-type', 'f']);
      expect(left.stdout, host).toBe('');
    }
    const shownSite = JSON.parse((await hub.ok(['show', `@${SITE}`, '--json'])).stdout) as { certificate: { chain: string; issuer: string; names: string[] } };
    expect(shownSite.certificate).toMatchObject({ issuer: 'acme', names: [SITE, ALIAS] });
    const leaf = new X509Certificate(shownSite.certificate.chain);
    expect(leaf.subjectAltName).toContain(`DNS:${ALIAS}`);
    expect(leaf.issuer).toMatch(/Pebble/i);
    expect(hub.transcript.join('\n')).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });

  it('http redirects to https on every web head, and a current certificate is left alone', async () => {
    for (const host of HEADS) {
      const moved = await httpGetUntil(address(host), SITE, (r) => r.status === 301, { path: '/x' });
      expect(moved.headers.location, host).toBe(`https://${SITE}/x`);
    }
    const again = await hub.ok(['tls', 'renew']);
    expect(again.stdout).toContain(`@${SITE}: current`);
  });

  it('a name the CA cannot validate fails the renewal clearly and keeps the served certificate', async () => {
    const before = (JSON.parse((await hub.ok(['show', `@${SITE}`, '--json'])).stdout) as { certificate: { chain: string } }).certificate.chain;
    // The DNS now sends the new alias to the db host, which serves no web site.
    await pebble.addA(`bad.${SITE}`, address('db1'));
    await hub.ok(['site', 'set', `@${SITE}`, '--alias', `${ALIAS},bad.${SITE}`]);
    const renew = await hub.run(['tls', 'renew', `@${SITE}`], { timeoutMs: 120_000 });
    expect(renew.code, shown(renew)).toBe(1);
    expect(renew.stderr).toMatch(/bad\.acme1\.test/);
    const after = (JSON.parse((await hub.ok(['show', `@${SITE}`, '--json'])).stdout) as { certificate: { chain: string } }).certificate.chain;
    expect(after).toBe(before);
    const root = await pebble.root();
    for (const host of HEADS) expect(curl(host, root)).toBe(`site=${SITE} https=yes\n`);
  });
});
