import { describe, expect, it } from 'vitest';
import { connect, hubSshPaths, isLocalServer } from './connect.js';
import { LocalTransport } from './local.js';
import { MAX_CONTROL_DIR_LENGTH } from './ssh-options.js';
import { SshTransport } from './ssh.js';

function server(alias: string, host: string, files: 'local' | 'rsync', sshKey?: string) {
  return { alias, host, sshPort: 22, sshUser: 'root', sshKey, services: { files: { impl: files } } } as Parameters<typeof connect>[0];
}

describe('connect', () => {
  const hub = { home: '/var/lib/aegir', connectTimeoutMs: 4000 };

  it('reaches the hub itself without ssh', () => {
    expect(connect(server('@localhost', 'localhost', 'local'), hub)).toBeInstanceOf(LocalTransport);
    expect(connect(server('@self', '127.0.0.1', 'local'), hub)).toBeInstanceOf(LocalTransport);
    expect(isLocalServer(server('@lo-rsync', '127.0.0.1', 'rsync'))).toBe(false);
  });

  it('reaches other servers over ssh with the hub key or the server’s own', () => {
    const viaHubKey = connect(server('@web1', '10.231.5.2', 'rsync'), hub);
    expect(viaHubKey).toBeInstanceOf(SshTransport);
    expect(viaHubKey.server).toBe('@web1');
    const argv = (viaHubKey as SshTransport).sshArgv('true');
    expect(argv).toContain('IdentityFile=/var/lib/aegir/ssh/id_ed25519');
    expect(argv).toContain('UserKnownHostsFile=/var/lib/aegir/ssh/known_hosts');
    expect(argv).toContainEqual(expect.stringMatching(new RegExp(`^ControlPath=/var/lib/aegir/run/ssh/[0-9a-f]{12}-${process.pid}$`)));
    expect(argv).toContain('ConnectTimeout=4');
    const ownKey = connect(server('@web2', 'web2.example.org', 'rsync', '/etc/aegir/web2.key'), hub) as SshTransport;
    expect(ownKey.sshArgv('true')).toContain('IdentityFile=/etc/aegir/web2.key');
  });

  it('moves the socket directory somewhere short when AEGIR_HOME is long', () => {
    const paths = hubSshPaths(`/home/someone/${'deep/'.repeat(10)}aegir`);
    expect(paths.controlDir.length).toBeLessThanOrEqual(MAX_CONTROL_DIR_LENGTH);
    expect(hubSshPaths('/other/home').controlDir).toBe('/other/home/run/ssh');
  });
});
