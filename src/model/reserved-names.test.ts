import { describe, expect, it } from 'vitest';
import { parseClient } from './client.js';
import { ValidationError } from './errors.js';
import { checkClientName, checkGroupName } from './names.js';
import { parseSite } from './site.js';

function refused(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('client names', () => {
  it.each(['root', 'daemon', 'bin', 'www', 'mysql', 'postgres', 'nobody', 'sudo', 'shadow', 'aegir', 'admin', 'backup', 'sshd'])(
    'refuses %s for a new client: a system account or group name',
    (name) => {
      const error = refused(() => parseClient({ name }));
      expect(error.field).toBe('name');
      expect(error.message).toBe(`name: "${name}" is reserved: it is the name of a system account or group (choose a name of the tenant)`);
    },
  );

  it('accepts tenant names, and still finds a stored client by any valid name', () => {
    expect(parseClient({ name: 'acme' })).toEqual({ name: 'acme' });
    expect(parseClient({ name: 'root_co' })).toEqual({ name: 'root_co' });
    expect(checkClientName('root')).toEqual({ ok: true, value: 'root' });
  });
});

describe('web group names', () => {
  it.each(['www-data', 'nginx', 'apache', '_www', 'web-1'])('accepts %s', (name) => {
    expect(checkGroupName(name)).toEqual({ ok: true, value: name });
  });

  it.each([
    ['root', 'is a privileged group'], ['sudo', 'is a privileged group'], ['shadow', 'is a privileged group'], ['docker', 'is a privileged group'],
    ['Www', 'is not a group name'], ['www data', 'is not a group name'], ['-www', 'is not a group name'], ['1www', 'is not a group name'],
    ['www;id', 'is not a group name'], ['g'.repeat(33), 'is not a group name'], ['', 'is not a group name'],
  ])('refuses %j (%s)', (name, rule) => {
    const result = checkGroupName(name);
    expect(result.ok ? '' : result.rule).toContain(rule);
  });
});

describe('site names', () => {
  const site = (uri: string, aliases: readonly string[] = []) => parseSite({ uri, platform: '@p', db: '@db1', aliases });

  it.each([
    ['default', 'is not a site name: a site is named by a domain of at least two labels'],
    ['all', 'at least two labels'],
    ['localhost', 'at least two labels'],
    ['sites.php', 'is not a site name: .php is a file name extension, not a domain'],
    ['development.services.yml', '.yml is a file name extension'],
    ['readme.txt', '.txt is a file name extension'],
    ['a..example.com', 'has an empty label'],
    ['a_b.example.com', 'is not a DNS name'],
  ])('refuses the uri %j (%s)', (uri, rule) => {
    const error = refused(() => site(uri));
    expect(error.field).toBe('uri');
    expect(error.message).toContain(rule);
  });

  it('refuses the same names as aliases, and more than 100 aliases', () => {
    expect(refused(() => site('wiki.example.com', ['default'])).field).toBe('aliases.0');
    const many = Array.from({ length: 101 }, (_, i) => `a${i}.example.com`);
    expect(refused(() => site('wiki.example.com', many)).message).toContain('must list at most 100 aliases');
  });

  it('refuses a uri too long to name its files on a web head, but not such an alias', () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.example.com`;
    expect(refused(() => site(long)).message).toContain('is not a site uri: it is 203 characters long, and a uri names files on every web head (at most 200)');
    expect(site('wiki.example.com', [long]).aliases).toEqual([long]);
  });

  it('accepts ordinary site names', () => {
    expect(site('Wiki.Example.COM', ['www.wiki.example.com', 'app.localhost']).uri).toBe('wiki.example.com');
  });
});
