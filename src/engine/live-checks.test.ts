/**
 * The executor with HTTP checks: checks run only after a change of what they name, the
 * generation write runs only after a change, and a failed site check rolls back the files,
 * reloads again and waits until the old config answers again. The "web server" is a real HTTP
 * listener on 127.0.0.1 that serves the generation its "reload" (a copy of the file) made live.
 */
import { mkdtemp, readFile, rm, writeFile as writeDisk } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../plan/action.js';
import { GENERATION_HEADER, GENERATION_PATTERN, httpCheck } from '../plan/build-check-actions.js';
import { reload } from '../plan/build-command-actions.js';
import { writeFile } from '../plan/build-file-actions.js';
import { createPlan } from '../plan/build-plan.js';
import { LocalTransport } from '../transport/local.js';
import { execute } from './execute.js';
import type { ExecuteOptions, ExecutorEvent } from './types.js';

const OLD = 'aegir-000000000000000000000000';
const NEW = 'aegir-111111111111111111111111';

let root: string;
let server: Server;
let port: number;
/** Site name -> status its vhost answers with; other names get the default server. */
let sites: Map<string, number>;
let requests: string[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aegir-live-'));
  await writeDisk(join(root, 'generation.conf'), `gen ${OLD}\n`);
  await writeDisk(join(root, 'live.conf'), `gen ${OLD}\n`);
  sites = new Map();
  requests = [];
  server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    requests.push(host);
    void readFile(join(root, 'live.conf'), 'utf8').then((live) => {
      const status = sites.get(host);
      res.writeHead(status ?? 404, status === undefined ? { [GENERATION_HEADER]: GENERATION_PATTERN.exec(live)?.[0] ?? '' } : {});
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

const options = (events: ExecutorEvent[] = []): ExecuteOptions => ({ transports: (alias) => new LocalTransport(alias), onEvent: (event) => events.push(event) });
const endpoint = () => ({ server: '@web1', address: '127.0.0.1', port, timeoutMs: 1500 });

/** Two vhosts, the generation, a "reload" that makes the generation file live, the wait and a check per site. */
function change(contents: { a: string; b: string }, token: string): Action[] {
  const file = (name: string) => join(root, `${name}.conf`);
  return [
    writeFile({ id: 'a', server: '@web1', path: file('a'), content: contents.a }),
    writeFile({ id: 'b', server: '@web1', path: file('b'), content: contents.b }),
    writeFile({ id: 'generation', server: '@web1', path: file('generation'), content: `gen ${token}\n`, after: ['a', 'b'], onlyIfChanged: true }),
    reload({ id: 'reload', server: '@web1', argv: ['cp', file('generation'), file('live')], after: ['generation'] }),
    httpCheck({ ...endpoint(), id: 'live', host: 'x.invalid', path: '/', expect: { kind: 'generation', file: file('generation'), settleMs: 0 }, after: ['reload'] }),
    httpCheck({ ...endpoint(), id: 'check:a.test', host: 'a.test', path: '/', expect: { kind: 'site', statuses: [200] }, after: ['live', 'a'], changedBy: ['a'] }),
    httpCheck({ ...endpoint(), id: 'check:b.test', host: 'b.test', path: '/', expect: { kind: 'site', statuses: [200] }, after: ['live', 'b'], changedBy: ['b'] }),
  ];
}

describe('execute with HTTP checks', () => {
  it('checks only the sites whose files changed; writes no generation and checks nothing when nothing changed', async () => {
    sites.set('a.test', 200).set('b.test', 200);
    const first = await execute(createPlan('both', change({ a: 'a1\n', b: 'b1\n' }, NEW)), options());
    expect(first.actions.map((a) => `${a.id} ${a.status}`)).toEqual([
      'a changed', 'b changed', 'generation changed', 'reload changed', 'live ok', 'check:a.test ok', 'check:b.test ok',
    ]);
    const second = await execute(createPlan('a only', change({ a: 'a2\n', b: 'b1\n' }, OLD)), options());
    expect(second.actions.map((a) => `${a.id} ${a.status}`)).toEqual([
      'a changed', 'b ok', 'generation changed', 'reload changed', 'live ok', 'check:a.test ok', 'check:b.test skipped',
    ]);
    requests = [];
    const third = await execute(createPlan('nothing', change({ a: 'a2\n', b: 'b1\n' }, NEW)), options());
    expect(third.actions.map((a) => `${a.id} ${a.status}`)).toEqual([
      'a ok', 'b ok', 'generation skipped', 'reload skipped', 'live skipped', 'check:a.test skipped', 'check:b.test skipped',
    ]);
    expect(await readFile(join(root, 'generation.conf'), 'utf8')).toBe(`gen ${OLD}\n`);
    expect(requests).toEqual([]);
  });

  it('rolls back a site that does not answer: files back, reloaded again, and the old generation waited for', async () => {
    sites.set('a.test', 200).set('b.test', 404);
    await writeDisk(join(root, 'a.conf'), 'a0\n');
    const events: ExecutorEvent[] = [];
    const result = await execute(createPlan('broken b', change({ a: 'a1\n', b: 'b1\n' }, NEW)), options(events));
    expect(result.status).toBe('failed');
    expect(result.failure).toMatchObject({ actionId: 'check:b.test', server: '@web1' });
    expect(result.failure?.reason).toMatch(/last answer 404 from its own vhost$/);
    expect(await readFile(join(root, 'a.conf'), 'utf8')).toBe('a0\n');
    expect(await readFile(join(root, 'generation.conf'), 'utf8')).toBe(`gen ${OLD}\n`);
    expect(await readFile(join(root, 'live.conf'), 'utf8')).toBe(`gen ${OLD}\n`);
    const undos = events.flatMap((event) => (event.type === 'undo-end' ? [`${event.id} ${event.ok ? 'ok' : event.error ?? ''}`] : []));
    // Files first (reverse order), then the reload with the old files, then the wait for the old generation.
    expect(undos.slice(-2)).toEqual(['reload ok', 'live ok']);
    expect(undos).toEqual(expect.arrayContaining(['a ok', 'b ok', 'generation ok']));
    expect(result.actions.find((a) => a.id === 'live')?.status).toBe('undone');
  });

  it('still waits for the old config after a wait for the new one failed', async () => {
    // A "reload" that does not make the new generation live: the wait fails, the rollback waits for the old one.
    const actions = change({ a: 'a1\n', b: 'b1\n' }, NEW).map((action) =>
      (action.id === 'reload' ? reload({ id: 'reload', server: '@web1', argv: ['true'], after: ['generation'] }) : action));
    const events: ExecutorEvent[] = [];
    const result = await execute(createPlan('stuck reload', actions), options(events));
    expect(result.failure).toMatchObject({ actionId: 'live' });
    expect(result.failure?.reason).toContain(`did not serve the new config (generation ${NEW})`);
    expect(events.flatMap((event) => (event.type === 'undo-end' ? [`${event.id} ${String(event.ok)}`] : [])).slice(-2)).toEqual(['reload true', 'live true']);
  });
});
