import { mkdtemp, readFile, rm, stat, writeFile as writeDisk, mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../plan/action.js';
import { configTest, exec, reload } from '../plan/build-command-actions.js';
import { ensureDir, pushTree, removePath, writeFile } from '../plan/build-file-actions.js';
import { createPlan } from '../plan/build-plan.js';
import { REDACTED } from '../plan/redact.js';
import { LocalTransport } from '../transport/local.js';
import { execute } from './execute.js';
import { RecordingTransport, type TransportCall } from './recording-transport.js';
import type { ExecuteOptions, ExecutorEvent } from './types.js';

let root: string;
let transports: Map<string, RecordingTransport>;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aegir-engine-'));
  transports = new Map();
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function options(extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return {
    transports: (server) => {
      const transport = transports.get(server) ?? new RecordingTransport(new LocalTransport(server));
      transports.set(server, transport);
      return transport;
    },
    workDir: join(root, 'work'),
    ...extra,
  };
}

const sleep = (id: string, server: string, seconds = 0.2, after: string[] = []): Action =>
  exec({ id, server, after, argv: ['sleep', String(seconds)] });

/** The largest number of intervals open at one moment. */
function maxOverlap(calls: readonly TransportCall[]): number {
  const edges = calls.flatMap((call) => [[call.startedAt, 1] as const, [call.endedAt, -1] as const]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let max = 0;
  for (const [, step] of edges) max = Math.max(max, (open += step));
  return max;
}

describe('execute', () => {
  it('writes files in one inspect and one place per server, and an unchanged rerun changes nothing', async () => {
    await mkdir(join(root, 'a'));
    await mkdir(join(root, 'b'));
    const plan = createPlan('write files', [
      writeFile({ id: 'a1', server: '@a', path: join(root, 'a/one.conf'), content: 'one\n', mode: 0o640 }),
      writeFile({ id: 'a2', server: '@a', path: join(root, 'a/two.conf'), content: 'two\n' }),
      writeFile({ id: 'b1', server: '@b', path: join(root, 'b/one.conf'), content: 'bee\n', mode: 0o600 }),
    ]);

    const first = await execute(plan, options());
    expect(first.status).toBe('succeeded');
    expect(first.actions.map((action) => action.status)).toEqual(['changed', 'changed', 'changed']);
    expect(await readFile(join(root, 'a/one.conf'), 'utf8')).toBe('one\n');
    expect((await stat(join(root, 'a/one.conf'))).mode & 0o777).toBe(0o640);
    expect((await stat(join(root, 'b/one.conf'))).mode & 0o777).toBe(0o600);
    expect(transports.get('@a')?.callsOf('place')).toHaveLength(1);
    expect(transports.get('@a')?.callsOf('inspect')).toHaveLength(1);

    transports = new Map();
    const again = await execute(plan, options());
    expect(again.status).toBe('succeeded');
    expect(again.actions.map((action) => action.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('runs servers in parallel within the global and per-server limits', async () => {
    const actions = ['@a', '@b', '@c'].flatMap((server) => [1, 2, 3].map((n) => sleep(`${server}-${n}`, server)));
    const result = await execute(createPlan('sleep', actions), options({ globalLimit: 4, perServerLimit: 2 }));
    expect(result.status).toBe('succeeded');
    const all = [...transports.values()].flatMap((transport) => transport.callsOf('exec'));
    expect(maxOverlap(all)).toBe(4);
    for (const transport of transports.values()) expect(maxOverlap(transport.callsOf('exec'))).toBe(2);
  });

  it('starts an action only after its dependencies on other servers completed', async () => {
    const plan = createPlan('ordered', [sleep('db', '@db', 0.2), sleep('web', '@web', 0.01, ['db']), sleep('free', '@web', 0.01)]);
    const result = await execute(plan, options());
    const byId = new Map(result.actions.map((action) => [action.id, action]));
    expect(byId.get('web')?.startedAt).toBeGreaterThanOrEqual(byId.get('db')?.finishedAt ?? Infinity);
    expect(byId.get('free')?.startedAt).toBeLessThan(byId.get('db')?.finishedAt ?? 0);
  });

  it('ensures directories, removes paths into a trash deleted on success, and pushes trees', async () => {
    const source = join(root, 'hub/tree');
    await mkdir(join(source, 'sub'), { recursive: true });
    await writeDisk(join(source, 'sub/index.php'), '<?php\n');
    await mkdir(join(root, 'a/old'), { recursive: true });
    await writeDisk(join(root, 'a/old/file'), 'x');
    const plan = createPlan('mixed', [
      ensureDir({ id: 'dir', server: '@a', path: join(root, 'a/new/deep'), mode: 0o750 }),
      removePath({ id: 'rm', server: '@a', path: join(root, 'a/old'), recursive: true }),
      pushTree({ id: 'push', server: '@a', source, target: join(root, 'a/new/deep/code'), after: ['dir'] }),
      configTest({ id: 'test', server: '@a', argv: ['true'], after: ['push'] }),
    ]);
    const result = await execute(plan, options());
    expect(result.status).toBe('succeeded');
    expect(result.actions.map((action) => action.status)).toEqual(['changed', 'changed', 'changed', 'ok']);
    expect((await stat(join(root, 'a/new/deep'))).mode & 0o777).toBe(0o750);
    expect(await readFile(join(root, 'a/new/deep/code/sub/index.php'), 'utf8')).toBe('<?php\n');
    expect((await readdir(join(root, 'a'))).sort()).toEqual(['new']);
    expect(await readdir(join(root, 'a/new/deep'))).toEqual(['code']);

    transports = new Map();
    const again = await execute(plan, options());
    // Nothing changed, so the config test that only runs after a change is skipped.
    expect(again.actions.map((action) => action.status)).toEqual(['ok', 'ok', 'ok', 'skipped']);
    expect(again.actions[3]?.note).toBe('nothing it depends on changed');
  });

  it('a reload waiting on another server\'s config test runs only for changes on its own server', async () => {
    await mkdir(join(root, 'a'), { recursive: true });
    await mkdir(join(root, 'b'), { recursive: true });
    const plan = createPlan('two heads', [
      writeFile({ id: 'wa', server: '@a', path: join(root, 'a/site.conf'), content: 'a\n' }),
      writeFile({ id: 'wb', server: '@b', path: join(root, 'b/site.conf'), content: 'b\n' }),
      configTest({ id: 'ta', server: '@a', argv: ['true'], after: ['wa'] }),
      configTest({ id: 'tb', server: '@b', argv: ['true'], after: ['wb'] }),
      reload({ id: 'ra', server: '@a', argv: ['true'], after: ['ta'] }),
      reload({ id: 'rb', server: '@b', argv: ['true'], after: ['tb'] }),
    ]);
    await execute(plan, options());
    await writeDisk(join(root, 'b/site.conf'), 'changed by hand\n');
    transports = new Map();
    const again = await execute(plan, options());
    const status = Object.fromEntries(again.actions.map((a) => [a.id, a.status]));
    expect(status).toEqual({ wa: 'ok', wb: 'changed', ta: 'skipped', tb: 'ok', ra: 'skipped', rb: 'changed' });
  });

  it('ensures many directories of one server in one inspect and one install per mode, and undoes them all', async () => {
    const base = join(root, 'a');
    const dirs = createPlan('dirs', [
      ensureDir({ id: 'site', server: '@a', path: join(base, 'sites/one'), mode: 0o755 }),
      ensureDir({ id: 'files', server: '@a', path: join(base, 'sites/one/files'), mode: 0o2770 }),
      ensureDir({ id: 'private', server: '@a', path: join(base, 'sites/one/private'), mode: 0o2770 }),
      ensureDir({ id: 'other', server: '@a', path: join(base, 'sites/two'), mode: 0o755 }),
    ]);
    const first = await execute(dirs, options());
    expect(first.actions.map((a) => a.status)).toEqual(['changed', 'changed', 'changed', 'changed']);
    const transport = transports.get('@a');
    expect(transport?.callsOf('inspect')).toHaveLength(1);
    expect(transport?.callsOf('exec')).toHaveLength(2);
    expect((await stat(join(base, 'sites/one/files'))).mode & 0o7777).toBe(0o2770);
    expect((await stat(join(base, 'sites/one'))).mode & 0o7777).toBe(0o755);

    await rm(base, { recursive: true });
    const failing = createPlan('dirs then a failure', [...dirs.actions, exec({ id: 'boom', server: '@a', argv: ['false'], after: ['site', 'files', 'private', 'other'] })]);
    transports = new Map();
    const failed = await execute(failing, options());
    expect(failed.status).toBe('failed');
    expect(failed.actions.slice(0, 4).map((a) => a.status)).toEqual(['undone', 'undone', 'undone', 'undone']);
    await expect(stat(base)).rejects.toThrow();
  });

  it('runs config tests and reloads only after a change, and what follows a skipped one still runs', async () => {
    const marker = join(root, 'a/reloaded');
    const plan = createPlan('conditional', [
      writeFile({ id: 'conf', server: '@a', path: join(root, 'a/site.conf'), content: 'v1\n' }),
      configTest({ id: 'test', server: '@a', argv: ['true'], after: ['conf'] }),
      reload({ id: 'reload', server: '@a', argv: ['touch', marker], after: ['test'] }),
      exec({ id: 'after', server: '@a', argv: ['true'], after: ['reload'] }),
    ]);
    await mkdir(join(root, 'a'), { recursive: true });
    const first = await execute(plan, options());
    expect(first.actions.map((a) => a.status)).toEqual(['changed', 'ok', 'changed', 'changed']);
    await rm(marker);
    transports = new Map();
    const second = await execute(plan, options());
    expect(second.status).toBe('succeeded');
    expect(second.actions.map((a) => a.status)).toEqual(['ok', 'skipped', 'skipped', 'changed']);
    await expect(stat(marker)).rejects.toThrow();
  });

  it('skips a write that runs only after a change from its batch, and writes the others of the batch', async () => {
    await mkdir(join(root, 'a'), { recursive: true });
    await writeDisk(join(root, 'a/base.conf'), 'same\n');
    const plan = createPlan('batch', [
      writeFile({ id: 'base', server: '@a', path: join(root, 'a/base.conf'), content: 'same\n' }),
      writeFile({ id: 'plain', server: '@a', path: join(root, 'a/plain.conf'), content: 'p\n', after: ['base'] }),
      writeFile({ id: 'marker', server: '@a', path: join(root, 'a/marker.conf'), content: 'm\n', after: ['base'], onlyIfChanged: true }),
      exec({ id: 'then', server: '@a', argv: ['true'], after: ['plain', 'marker'] }),
    ]);
    const result = await execute(plan, options());
    expect(result.actions.map((a) => `${a.id} ${a.status}`)).toEqual(['base ok', 'plain changed', 'marker skipped', 'then changed']);
    // The marker was ready with plain, in one batch: only plain was placed.
    expect(transports.get('@a')?.callsOf('place').map((call) => call.subject)).toEqual([[join(root, 'a/base.conf')], [join(root, 'a/plain.conf')]]);
    await expect(stat(join(root, 'a/marker.conf'))).rejects.toThrow();
  });

  it('emits JSON-serialisable events from plan-start to plan-end', async () => {
    const events: ExecutorEvent[] = [];
    await execute(createPlan('events', [sleep('one', '@a', 0)]), options({ onEvent: (event) => events.push(event) }));
    expect(events.map((event) => event.type)).toEqual(['plan-start', 'action-start', 'action-end', 'plan-end']);
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });
});

describe('execute: descriptions in events', () => {
  it('redacts each description, also when a multi-line secret runs across two of them', async () => {
    const events: ExecutorEvent[] = [];
    const actions = [
      exec({ id: 'a', server: '@a', argv: ['true'], description: 'first ends with top' }),
      exec({ id: 'b', server: '@a', argv: ['true'], description: 'secret starts the second' }),
      exec({ id: 'c', server: '@a', argv: ['true'], description: 'uses key-123456 here' }),
    ];
    await execute(createPlan('descriptions', actions), options({ secrets: ['top\nsecret', 'key-123456'], onEvent: (event) => events.push(event) }));
    const started = new Map(events.flatMap((event) => (event.type === 'action-start' ? [[event.id, event.description]] : [])));
    expect(started.get('a')).toBe('first ends with top');
    expect(started.get('b')).toBe(`${REDACTED} starts the second`);
    expect(started.get('c')).toBe(`uses ${REDACTED} here`);
  });
});
