import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { ValidationError } from '../model/errors.js';
import { TransportError } from './errors.js';
import { runProcess } from './run-process.js';

/** Path of the hub's own private key under AEGIR_HOME. */
export function hubKeyPath(home: string): string {
  return join(home, 'ssh', 'id_ed25519');
}

/**
 * Make the hub's ed25519 key pair under `<home>/ssh/` unless it exists; return the public key
 * line to put in a spoke's authorized_keys. The private key never leaves that file.
 */
export async function ensureHubKeyPair(home: string): Promise<string> {
  const key = hubKeyPath(home);
  const existing = await readFile(`${key}.pub`, 'utf8').catch(() => undefined);
  if (existing !== undefined) return existing.trim();
  await mkdir(dirname(key), { recursive: true, mode: 0o700 });
  const result = await runProcess({
    argv: ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `aegir@${hostname()}`, '-f', key],
    stdin: 'n\n', // never overwrite a private key left without its .pub
  });
  if (result.exitCode !== 0) throw new Error(`ssh-keygen failed: ${result.stderr.toString('utf8').trim()}`);
  return (await readFile(`${key}.pub`, 'utf8')).trim();
}

/** The host field of a known_hosts line: `host`, or `[host]:port` for a port other than 22. */
export function knownHostsName(host: string, port: number): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(host) || host.startsWith('-')) throw new ValidationError('host', host, 'is not a host name or IP address');
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `<type> <base64>` of a host key line, with or without a leading host field and trailing comment. */
function keyOf(line: string): string {
  const fields = line.trim().split(/\s+/);
  const start = /^(ssh-|ecdsa-|sk-)/.test(fields[0] ?? '') ? 0 : 1;
  const type = fields[start];
  const blob = fields[start + 1];
  if (type === undefined || blob === undefined || !/^[A-Za-z0-9+/=]+$/.test(blob)) {
    throw new ValidationError('host key', line, 'is not a host key line');
  }
  return `${type} ${blob}`;
}

/**
 * Ask a server for its host keys (`ssh-keyscan`), as `<type> <base64>` lines. Nothing is trusted
 * yet: show the fingerprints to a person, then `pinHostKey`.
 */
export async function scanHostKey(host: string, port: number, server = host): Promise<string[]> {
  knownHostsName(host, port);
  const result = await runProcess({
    argv: ['ssh-keyscan', '-T', '5', '-p', String(port), '-t', 'ed25519,ecdsa,rsa', '--', host],
    timeoutMs: 15_000,
  });
  const lines = result.stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map(keyOf);
  if (lines.length === 0) {
    throw new TransportError({
      server,
      endpoint: `${host}:${port}`,
      reason: 'unreachable',
      detail: 'no host key received (is sshd running there?)',
      retryable: true,
      stderrTail: result.stderr.toString('utf8').trim().slice(-500),
    });
  }
  return lines;
}

/** SHA256 fingerprints of host key lines, as `ssh-keygen -l` prints them, for confirmation. */
export async function fingerprintHostKeys(keyLines: readonly string[]): Promise<string[]> {
  const result = await runProcess({ argv: ['ssh-keygen', '-l', '-f', '-'], stdin: keyLines.map(keyOf).join('\n') + '\n' });
  return result.stdout.toString('utf8').split('\n').filter((line) => line.trim() !== '');
}

/** Trust exactly these keys for host:port in the hub's known_hosts, replacing what was there. */
export async function pinHostKey(knownHostsFile: string, host: string, port: number, keyLines: readonly string[]): Promise<void> {
  const name = knownHostsName(host, port);
  const keys = keyLines.map(keyOf);
  if (keys.length === 0) throw new ValidationError('host key', keyLines, 'must hold at least one key');
  const kept = await linesWithout(knownHostsFile, name);
  await writeKnownHosts(knownHostsFile, [...kept, ...keys.map((key) => `${name} ${key}`)]);
}

/** Forget every key pinned for host:port. */
export async function removeHostKey(knownHostsFile: string, host: string, port: number): Promise<void> {
  await writeKnownHosts(knownHostsFile, await linesWithout(knownHostsFile, knownHostsName(host, port)));
}

async function linesWithout(file: string, name: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => {
    if (line.trim() === '') return false;
    const hosts = line.trim().split(/\s+/)[0]?.split(',') ?? [];
    return !hosts.includes(name);
  });
}

async function writeKnownHosts(file: string, lines: readonly string[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.aegir-${process.pid}-${Date.now()}`;
  await writeFile(temp, lines.map((line) => `${line}\n`).join(''), { mode: 0o600 });
  await rename(temp, file);
}
