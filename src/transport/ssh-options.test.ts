import { describe, expect, it } from 'vitest';
import { endpointOf, sshOptions, validateSshConfig, type SshConfig } from './ssh-options.js';

const config: SshConfig = {
  server: '@web1',
  host: '10.231.5.2',
  port: 22,
  user: 'root',
  identityFile: '/var/lib/aegir/ssh/id_ed25519',
  knownHostsFile: '/var/lib/aegir/ssh/known_hosts',
  controlDir: '/var/lib/aegir/run/ssh',
  connectTimeoutMs: 5000,
};

describe('sshOptions', () => {
  it('pins the hub known_hosts strictly, uses one master per server, and never prompts', () => {
    const argv = sshOptions(config);
    const options = argv.filter((_, index) => argv[index - 1] === '-o');
    expect(options).toEqual(
      expect.arrayContaining([
        'BatchMode=yes',
        'StrictHostKeyChecking=yes',
        'UserKnownHostsFile=/var/lib/aegir/ssh/known_hosts',
        'GlobalKnownHostsFile=/dev/null',
        'IdentityFile=/var/lib/aegir/ssh/id_ed25519',
        'IdentitiesOnly=yes',
        'ControlMaster=auto',
        'ControlPath=/var/lib/aegir/run/ssh/%C',
        'ControlPersist=60',
        'ConnectTimeout=5',
      ]),
    );
    expect(argv).not.toContain('-F');
    expect(argv.slice(-4)).toEqual(['-p', '22', '-l', 'root']);
    expect(argv.every((word) => !/\s/.test(word))).toBe(true); // safe to join into rsync's --rsh
  });
});

describe('validateSshConfig', () => {
  it('accepts a plain config', () => {
    expect(() => validateSshConfig(config)).not.toThrow();
  });

  it.each([
    ['host', '-oProxyCommand=x'],
    ['host', 'a b'],
    ['user', 'root;id'],
    ['identityFile', '/path with space/key'],
    ['knownHostsFile', '/tmp/%h'],
    ['controlDir', 'relative/dir'],
    ['controlDir', `/${'x'.repeat(60)}`],
  ] as const)('refuses %s = %j', (field, value) => {
    expect(() => validateSshConfig({ ...config, [field]: value })).toThrow(field);
  });

  it('refuses ports and timeouts out of range', () => {
    expect(() => validateSshConfig({ ...config, port: 0 })).toThrow(/port/);
    expect(() => validateSshConfig({ ...config, connectTimeoutMs: 10 })).toThrow(/connectTimeoutMs/);
  });
});

describe('endpointOf', () => {
  it('brackets IPv6 addresses', () => {
    expect(endpointOf({ host: '10.0.0.1', port: 22 })).toBe('10.0.0.1:22');
    expect(endpointOf({ host: 'fd00::2', port: 2222 })).toBe('[fd00::2]:2222');
  });
});
