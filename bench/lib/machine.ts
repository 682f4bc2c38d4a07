/** The machine a run measured: cores, CPU, memory, and the versions of what it ran. */
import { cpus, totalmem } from 'node:os';
import { run } from './run.js';

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly nginx: string;
  readonly mariadb: string;
  readonly rsync: string;
  readonly openssh: string;
}

const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

export async function describeMachine(): Promise<Machine> {
  const [nginx, mariadb, rsync, ssh] = await Promise.all([
    run(['nginx', '-v']), run(['mariadbd', '--version']), run(['rsync', '--version']), run(['ssh', '-V']),
  ]);
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    nginx: firstLine(nginx.stderr).replace(/^nginx version: /, ''),
    mariadb: firstLine(mariadb.stdout).replace(/^.*Ver /, ''),
    rsync: firstLine(rsync.stdout).replace(/^rsync\s+version\s+/, '').split(' ')[0] ?? '',
    openssh: firstLine(ssh.stderr).split(',')[0] ?? '',
  };
}
