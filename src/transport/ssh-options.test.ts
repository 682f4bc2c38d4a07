import { describe, expect, it } from 'vitest';
import { controlPathOf, endpointOf, MAX_CONTROL_DIR_LENGTH, sshOptions, validateSshConfig, type SshConfig } from './ssh-options.js';

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
        'ControlPersist=60',
        'ConnectTimeout=5',
      ]),
    );
    expect(options).toContain(`ControlPath=${controlPathOf(config)}`);
    expect(argv).not.toContain('-F');
    expect(argv.slice(-4)).toEqual(['-p', '22', '-l', 'root']);
    expect(argv.every((word) => !/\s/.test(word))).toBe(true); // safe to join into rsync's --rsh
  });
});

describe('controlPathOf', () => {
  it('names a socket of this process per connection, short enough for the longest control directory', () => {
    const path = controlPathOf(config);
    expect(path).toMatch(new RegExp(`^/var/lib/aegir/run/ssh/[0-9a-f]{12}-${process.pid}$`));
    expect(controlPathOf({ ...config, port: 2222 })).not.toBe(path);
    expect(controlPathOf({ ...config, knownHostsFile: '/other/known_hosts' })).not.toBe(path);
    expect(controlPathOf({ ...config, identityFile: '/other/key' })).not.toBe(path);
    const longest = controlPathOf({ ...config, controlDir: `/${'d'.repeat(MAX_CONTROL_DIR_LENGTH - 1)}` });
    // sun_path holds 104 bytes with the NUL; ssh binds a temp name 17 characters longer first; pids reach 7 digits.
    expect(longest.length - String(process.pid).length + 7 + 17 + 1).toBeLessThanOrEqual(104);
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
