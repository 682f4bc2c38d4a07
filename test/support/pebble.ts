/**
 * Debian's `pebble` as a real ACME CA for tests, on the fixture's hub address: its https listener
 * with a certificate from a throwaway CA, `httpPort` 80, and `pebble-challtestsrv` as its DNS
 * answering every name with one web head's address (no IPv6), so HTTP-01 validation really
 * fetches the challenge from that web head. Its root changes at each start: read it from the
 * management port.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pebble {
  /** The ACME directory URL. */
  readonly directoryUrl: string;
  /** The CA of pebble's own https listener (for AEGIR_ACME_CA). */
  readonly listenerCaFile: string;
  /** Pebble's current root CA, PEM: what issued certificates chain to. */
  root(): Promise<string>;
  /** Points `name` at `address` in the mock DNS. */
  addA(name: string, address: string): Promise<void>;
  stop(): void;
}

const ACME_PORT = 14000;
const MANAGEMENT_PORT = 15000;
const DNS_PORT = 8053;
const DNS_MANAGEMENT_PORT = 8055;

function makeListenerCertificate(dir: string, hub: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const run = (args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' }); };
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=pebble listener test CA']);
  run(['req', ...ec, '-keyout', 'listener.key', '-out', 'listener.csr', '-subj', '/CN=pebble']);
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=IP:${hub}\n`);
  run(['x509', '-req', '-in', 'listener.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'listener.crt', '-days', '2', '-extfile', 'ext.cnf']);
}

function get(url: string, ca?: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const options = { method: body === undefined ? 'GET' : 'POST', agent: false as const, timeout: 5000, ...(ca === undefined ? {} : { ca }) };
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function until<T>(what: string, fn: () => Promise<T>, waitMs = 15_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Starts the mock DNS (every name -> `defaultAddress`) and pebble on `hub`. */
export async function startPebble(hub: string, defaultAddress: string): Promise<Pebble> {
  const dir = mkdtempSync(join(tmpdir(), 'aegir-pebble-'));
  makeListenerCertificate(dir, hub);
  const config = {
    pebble: {
      listenAddress: `${hub}:${ACME_PORT}`, managementListenAddress: `${hub}:${MANAGEMENT_PORT}`,
      certificate: join(dir, 'listener.crt'), privateKey: join(dir, 'listener.key'),
      httpPort: 80, tlsPort: 443, ocspResponderURL: '', externalAccountBindingRequired: false,
    },
  };
  writeFileSync(join(dir, 'pebble.json'), JSON.stringify(config));
  const children: ChildProcess[] = [];
  const stop = (): void => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    children.push(spawn('pebble-challtestsrv', [
      '-dns01', `${hub}:${DNS_PORT}`, '-management', `${hub}:${DNS_MANAGEMENT_PORT}`, '-defaultIPv4', defaultAddress,
      '-defaultIPv6', '', '-http01', '', '-https01', '', '-tlsalpn01', '',
    ], { stdio: 'ignore' }));
    children.push(spawn('pebble', ['-config', join(dir, 'pebble.json'), '-dnsserver', `${hub}:${DNS_PORT}`], {
      stdio: 'ignore', env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' },
    }));
    const listenerCa = readFileSync(join(dir, 'ca.crt'), 'utf8');
    const managementUrl = `https://${hub}:${MANAGEMENT_PORT}`;
    await until('pebble did not start', async () => {
      const reply = await get(`https://${hub}:${ACME_PORT}/dir`, listenerCa);
      if (reply.status !== 200) throw new Error(`status ${reply.status}`);
    });
    await until('pebble-challtestsrv did not start', () => get(`http://${hub}:${DNS_MANAGEMENT_PORT}/`));
    return {
      directoryUrl: `https://${hub}:${ACME_PORT}/dir`,
      listenerCaFile: join(dir, 'ca.crt'),
      root: async () => (await get(`${managementUrl}/roots/0`, listenerCa)).body,
      addA: async (name, address) => {
        const reply = await get(`http://${hub}:${DNS_MANAGEMENT_PORT}/add-a`, undefined, JSON.stringify({ host: `${name}.`, addresses: [address] }));
        if (reply.status !== 200) throw new Error(`add-a ${name}: status ${reply.status} ${reply.body}`);
      },
      stop,
    };
  } catch (error) {
    stop();
    throw error;
  }
}
