import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRequired, fixtureUnavailableReason, startFixture, type Fixture } from '../fixture/index.js';
import { TransportError } from '../../src/transport/errors.js';
import { fingerprintHostKeys, pinHostKey, scanHostKey } from '../../src/transport/keys.js';
import { SshTransport } from '../../src/transport/ssh.js';
import type { SshConfig } from '../../src/transport/ssh-options.js';

const unavailable = fixtureUnavailableReason();
const skip = unavailable !== undefined && !fixtureRequired();

async function failureOf(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TransportError) return error;
    throw error;
  }
  throw new Error('expected a TransportError, got success');
}

describe.skipIf(skip)(`ssh transport failures on the fixture${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let fx: Fixture;
  let scratch: string;
  const open: SshTransport[] = [];

  function transportFor(name: string, overrides: Partial<SshConfig> = {}): SshTransport {
    const transport = new SshTransport({
      server: `@${name}`,
      host: fx.host(name).address,
      port: 22,
      user: 'root',
      identityFile: fx.ssh.identityFile,
      knownHostsFile: fx.ssh.knownHostsFile,
      controlDir: fx.ssh.controlDir,
      connectTimeoutMs: 3000,
      ...overrides,
    });
    open.push(transport);
    return transport;
  }

  beforeAll(async () => {
    fx = await startFixture({ hosts: ['down', 'rekeyed', 'plain'] });
    scratch = mkdtempSync(join(tmpdir(), 'aegir-tf-'));
  });

  afterAll(async () => {
    for (const transport of open) await transport.close();
    await fx?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('reports a stopped sshd as unreachable, within the connect timeout, saying a retry may help', async () => {
    await fx.stopSshd('down');
    const started = Date.now();
    const error = await failureOf(transportFor('down').exec({ argv: ['true'] }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.reason).toBe('unreachable');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(`@down (${fx.host('down').address}:22): unreachable: connection refused (a retry may help)`);
  });

  it('gives up on a silent address within the connect timeout', async () => {
    const started = Date.now();
    const silent = transportFor('plain', { server: '@ghost', host: fx.hubAddress.replace(/\.1$/, '.250'), connectTimeoutMs: 1000 });
    const error = await failureOf(silent.exec({ argv: ['true'] }));
    expect(Date.now() - started).toBeLessThan(1000 + 2500);
    expect(['timeout', 'unreachable']).toContain(error.reason);
    expect(error.retryable).toBe(true);
  });

  it('refuses a changed host key, even with a master open before the change, and runs nothing', async () => {
    const transport = transportFor('rekeyed');
    expect((await transport.exec({ argv: ['hostname'] })).stdout).toBe('rekeyed\n');
    await fx.regenerateHostKey('rekeyed');
    const error = await failureOf(transport.exec({ argv: ['touch', '/root/ran-after-rekey'] }));
    expect(error.reason).toBe('host_key_changed');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^@rekeyed \(.*\): host_key_changed: /);
    const placed = await failureOf(transport.place([{ path: '/root/placed-after-rekey', content: 'x', mode: 0o600 }]));
    expect(placed.reason).toBe('host_key_changed');
    expect(await fx.fileStat('rekeyed', '/root/ran-after-rekey')).toEqual({ exists: false });
    expect(await fx.fileStat('rekeyed', '/root/placed-after-rekey')).toEqual({ exists: false });
  });

  it('connects again once the new host key is scanned and pinned', async () => {
    const knownHosts = join(scratch, 'known_hosts');
    const keys = await scanHostKey(fx.host('rekeyed').address, 22, '@rekeyed');
    expect(keys).toContain(fx.hostKey('rekeyed'));
    const fingerprints = await fingerprintHostKeys(keys);
    const expected = execFileSync('ssh-keygen', ['-l', '-f', '-'], { input: `${fx.hostKey('rekeyed')}\n`, encoding: 'utf8' }).trim();
    expect(fingerprints).toContain(expected);
    await pinHostKey(knownHosts, fx.host('rekeyed').address, 22, keys);
    const transport = transportFor('rekeyed', { knownHostsFile: knownHosts });
    expect((await transport.exec({ argv: ['hostname'] })).stdout).toBe('rekeyed\n');
  });

  it('refuses an unpinned host', async () => {
    const empty = join(scratch, 'empty_known_hosts');
    writeFileSync(empty, '');
    const error = await failureOf(transportFor('plain', { knownHostsFile: empty }).exec({ argv: ['true'] }));
    expect(error.reason).toBe('host_key_unknown');
    expect(error.retryable).toBe(false);
  });

  it('reports a key the server does not accept as auth_refused', async () => {
    const key = join(scratch, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const error = await failureOf(transportFor('plain', { identityFile: key }).exec({ argv: ['true'] }));
    expect(error.reason).toBe('auth_refused');
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('transport_auth_refused');
  });
});
