/**
 * Facts about the fixture's web heads that tests compare before and after a task: which web
 * server processes run (a reload replaces nginx workers and Apache children), and PHP run on a
 * head as its web user.
 */
import { expect } from 'vitest';
import type { Fixture } from '../fixture/index.js';

/** `pid start-time` of the processes a reload replaces: nginx workers, or the Apache master's children. */
export async function reloadedProcesses(fixture: Fixture, host: string, server: 'nginx' | 'apache'): Promise<string[]> {
  const ps = await fixture.run(host, ['ps', '-eo', 'pid=,ppid=,lstart=,args=']);
  expect(ps.exitCode).toBe(0);
  const master = server === 'apache' ? (await fixture.run(host, ['cat', '/run/apache2/apache2.pid'])).stdout.trim() : '';
  return ps.stdout.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+ \S+\s+\d+ \S+ \d+)\s+(.*)$/.exec(line);
    if (m === null) return [];
    const [, pid, ppid, started, args] = m;
    const keep = server === 'nginx' ? (args ?? '').startsWith('nginx: worker') : ppid === master;
    return keep ? [`${pid} ${started}`] : [];
  }).sort();
}

/** Runs a PHP program (on stdin) on a web head as www-data and parses the JSON it prints. */
export async function phpJsonOn(fixture: Fixture, host: string, program: string, env: Record<string, string> = {}): Promise<unknown> {
  const result = await fixture.run(host, ['php'], { user: 'www-data', stdin: program, env, cwd: '/' });
  expect(result.stderr, `php on ${host}`).toBe('');
  expect(result.exitCode, `php on ${host}: ${result.stdout}`).toBe(0);
  return JSON.parse(result.stdout);
}

/** A PHP single-quoted string literal. */
export function phpQuote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
