import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHub, ensureBuilt, type Hub } from './aegir-binary.js';

/** A PATH holding only fake executables with these names. */
function fakePath(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'aegir-path-'));
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, name), 0o755);
  }
  // The hub's own tools stay reachable: init makes the hub's SSH key with ssh-keygen.
  symlinkSync('/usr/bin/ssh-keygen', join(dir, 'ssh-keygen'));
  return dir;
}

describe('aegir init', () => {
  let hub: Hub;
  beforeAll(ensureBuilt);
  afterEach(() => hub.dispose());

  it('creates AEGIR_HOME (0700), the key (0600), the database and @localhost; a second run changes nothing', () => {
    hub = createHub({ PATH: fakePath(['nginx', 'mariadbd']) });
    const first = hub.run(['init']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('added server @localhost: http=nginx db=mysql files=local');
    expect(statSync(hub.home).mode & 0o777).toBe(0o700);
    expect(statSync(join(hub.home, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(hub.home, 'aegir.db')).isFile()).toBe(true);
    // The hub's SSH key pair, its public line printed for the spokes' authorized_keys.
    const publicKey = readFileSync(join(hub.home, 'ssh', 'id_ed25519.pub'), 'utf8').trim();
    expect(publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+ aegir@/);
    expect(first.stdout).toContain(publicKey);
    expect(statSync(join(hub.home, 'ssh', 'id_ed25519')).mode & 0o777).toBe(0o600);
    // A MariaDB on the hub is reached through its socket (root by socket authentication).
    expect(JSON.parse(hub.run(['show', '@localhost', '--json']).stdout)).toMatchObject({ services: { db: { settings: { socket: '/run/mysqld/mysqld.sock' } } } });
    const key = statSync(join(hub.home, 'secret.key')).mtimeMs;
    const before = hub.run(['show', '@localhost', '--json']);

    const second = hub.run(['init']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('kept server @localhost');
    expect(statSync(join(hub.home, 'secret.key')).mtimeMs).toBe(key);
    expect(second.stdout).toContain(publicKey);
    expect(hub.run(['show', '@localhost', '--json']).stdout).toBe(before.stdout);
    expect(JSON.parse(hub.run(['list', 'servers', '--json']).stdout)).toHaveLength(1);
  });

  it('detects apache (apache2 or httpd) and postgres, and falls back to null', () => {
    hub = createHub({ PATH: fakePath(['httpd', 'postgres']) });
    expect(hub.run(['init']).code).toBe(0);
    const server = JSON.parse(hub.run(['show', '@localhost', '--json']).stdout);
    expect(server).toMatchObject({ kind: 'server', alias: '@localhost', host: 'localhost' });
    expect([server.services.http.impl, server.services.db.impl, server.services.files.impl]).toEqual(['apache', 'postgres', 'local']);
    hub.dispose();

    hub = createHub({ PATH: fakePath([]) });
    expect(hub.run(['init']).code).toBe(0);
    const bare = JSON.parse(hub.run(['show', '@localhost', '--json']).stdout);
    expect([bare.services.http.impl, bare.services.db.impl]).toEqual(['null', 'null']);
  });

  it('keeps an existing AEGIR_HOME and its files', () => {
    hub = createHub();
    mkdirSync(hub.home, { mode: 0o700 });
    writeFileSync(join(hub.home, 'notes.txt'), 'mine');
    expect(hub.run(['init']).code).toBe(0);
    expect(statSync(join(hub.home, 'notes.txt')).size).toBe(4);
  });

  it('refuses other commands before init, with exit code 1', () => {
    hub = createHub();
    const run = hub.run(['list']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^aegir: no hub at .*run 'aegir init' first\n$/);
  });
});
