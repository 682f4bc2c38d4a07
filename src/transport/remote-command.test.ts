import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildRemoteCommand } from './remote-command.js';
import type { ExecRequest } from './transport.js';

/** Run a remote command string the way sshd does: `<login shell> -c <string>`, here locally. */
function runAsSshd(shell: string, request: ExecRequest): { status: number | null; stdout: string } {
  const remote = buildRemoteCommand(request);
  const result = spawnSync(shell, ['-c', remote.command], { input: remote.stdin, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

describe('buildRemoteCommand', () => {
  const secret = "p@ss w0rd 'quoted' $HOME `id`\nsecond line\n\n";

  it('keeps env values and stdin out of the command string', () => {
    const remote = buildRemoteCommand({ argv: ['cat'], env: { DB_PASSWORD: secret, OTHER: 'visible-value' }, stdin: 'stdin-secret' });
    expect(remote.command).not.toContain('p@ss');
    expect(remote.command).not.toContain('visible-value');
    expect(remote.command).not.toContain('stdin-secret');
    expect(remote.stdin.toString('utf8')).toContain('DB_PASSWORD=');
    expect(remote.stdin.toString('utf8').endsWith('\n\nstdin-secret')).toBe(true);
  });

  for (const shell of ['/bin/sh', '/bin/bash']) {
    it(`delivers env values exactly and stdin untouched through ${shell}`, () => {
      const result = runAsSshd(shell, {
        argv: ['sh', '-c', 'printf "%s|%s|" "$DB_PASSWORD" "$EMPTY"; cat'],
        env: { DB_PASSWORD: secret, EMPTY: '' },
        stdin: 'line one\n\nline three',
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${secret}||line one\n\nline three`);
    });
  }

  it('runs in the working directory and returns the exit code', () => {
    const result = runAsSshd('/bin/sh', { argv: ['sh', '-c', 'pwd; exit 3'], cwd: '/usr' });
    expect(result).toEqual({ status: 3, stdout: '/usr\n' });
  });

  it('stops the command at its timeout with exit 124', () => {
    const started = Date.now();
    const result = runAsSshd('/bin/sh', { argv: ['sleep', '20'], timeoutMs: 300 });
    expect(result.status).toBe(124);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('switches user with runuser, before the env preamble', () => {
    const { command } = buildRemoteCommand({ argv: ['id'], user: 'www-data', env: { A: 'b' } });
    expect(command.startsWith('runuser -u www-data -- sh -c ')).toBe(true);
  });

  it('refuses bad variable names, user names and relative working directories', () => {
    expect(() => buildRemoteCommand({ argv: ['true'], env: { 'A;B': 'x' } })).toThrow(/variable name/);
    expect(() => buildRemoteCommand({ argv: ['true'], user: '-x' })).toThrow(/user name/);
    expect(() => buildRemoteCommand({ argv: ['true'], cwd: 'tmp' })).toThrow(/absolute/);
  });
});
