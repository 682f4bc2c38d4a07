import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile as writeDisk } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action, SqlStatement } from '../plan/action.js';
import { configTest, exec, reload, sql, sqlStatement } from '../plan/build-command-actions.js';
import { ensureDir, fetchTree, pushTree, removePath, writeFile } from '../plan/build-file-actions.js';
import { createPlan } from '../plan/build-plan.js';
import { TransportError } from '../transport/errors.js';
import { LocalTransport } from '../transport/local.js';
import type { FilePlacement, PlacedFile } from '../transport/transport.js';
import { execute } from './execute.js';
import type { ExecuteOptions, ExecutorEvent } from './types.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aegir-rollback-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function options(extra: Partial<ExecuteOptions> = {}): ExecuteOptions {
  return { transports: (server) => new LocalTransport(server), workDir: join(root, 'work'), ...extra };
}

/** Every entry under `dir`: type, mode, owner, and content or link target. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  const walk = async (path: string, relative: string): Promise<void> => {
    const stats = await lstat(path);
    const head = `${(stats.mode & 0o7777).toString(8)} ${stats.uid}:${stats.gid}`;
    if (stats.isDirectory()) {
      entries[relative] = `dir ${head}`;
      for (const name of (await readdir(path)).sort()) await walk(join(path, name), `${relative}/${name}`);
    } else if (stats.isSymbolicLink()) {
      entries[relative] = `link ${await readlink(path)}`;
    } else {
      entries[relative] = `file ${head} ${(await readFile(path)).toString('base64')}`;
    }
  };
  await walk(dir, '.');
  return entries;
}

const boom = (after: string[] = []): Action => exec({ id: 'boom', server: '@a', after, argv: ['false'] });

async function put(path: string, content: string, mode = 0o644): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeDisk(path, content, { mode });
}

describe('execute: rollback', () => {
  it('undoes every completed action in reverse completion order and leaves the disk as it was', async () => {
    const a = join(root, 'a');
    await put(join(a, 'etc/existing.conf'), 'old\n', 0o640);
    await put(join(a, 'etc/gone.conf'), 'gone\n');
    await put(join(a, 'www/site/index.php'), '<?php echo 1;\n');
    await mkdir(join(a, 'emptydir'));
    await mkdir(join(a, 'chmod-dir'), { mode: 0o755 });
    await put(join(a, 'site/same.php'), 'same\n');
    await put(join(a, 'site/update.php'), 'before\n');
    await put(join(a, 'site/extra/extra.php'), 'extra\n');
    const source = join(root, 'hub/src');
    await put(join(source, 'same.php'), 'same\n');
    await put(join(source, 'update.php'), 'after, longer\n');
    await put(join(source, 'lib/new.php'), 'new\n');
    const log = join(root, 'reload.log');
    const before = await snapshot(a);

    const actions: Action[] = [
      ensureDir({ id: 'mkdir', server: '@a', path: join(a, 'new/x') }),
      ensureDir({ id: 'chmod', server: '@a', path: join(a, 'chmod-dir'), mode: 0o700 }),
      writeFile({ id: 'overwrite', server: '@a', path: join(a, 'etc/existing.conf'), content: 'new\n', mode: 0o600 }),
      writeFile({ id: 'fresh', server: '@a', path: join(a, 'new/x/fresh.conf'), content: 'fresh\n', after: ['mkdir'] }),
      removePath({ id: 'rm-file', server: '@a', path: join(a, 'etc/gone.conf') }),
      removePath({ id: 'rm-tree', server: '@a', path: join(a, 'www'), recursive: true }),
      removePath({ id: 'rm-empty', server: '@a', path: join(a, 'emptydir') }),
      pushTree({ id: 'push', server: '@a', source, target: join(a, 'site'), deleteExtraneous: true }),
      pushTree({ id: 'push-new', server: '@a', source, target: join(a, 'new/site2'), after: ['mkdir'] }),
      exec({
        id: 'touch', server: '@a', argv: ['touch', join(a, 'marker')],
        undo: { kind: 'exec', argv: ['rm', join(a, 'marker')] },
      }),
      reload({ id: 'reload', server: '@a', argv: ['sh', '-c', `echo reload >> ${log}`], after: ['overwrite', 'fresh'] }),
    ];
    const ids = actions.map((action) => action.id);
    const events: ExecutorEvent[] = [];
    const result = await execute(
      createPlan('everything', [...actions, boom(ids), exec({ id: 'never', server: '@a', argv: ['true'], after: ['boom'] })]),
      options({ onEvent: (event) => events.push(event), perServerLimit: 2 }),
    );

    expect(result.status).toBe('failed');
    expect(result.failure).toEqual({ actionId: 'boom', server: '@a', reason: 'false exited with 1' });
    const status = Object.fromEntries(result.actions.map((action) => [action.id, action.status]));
    expect(status).toEqual({ ...Object.fromEntries(ids.map((id) => [id, 'undone'])), boom: 'failed', never: 'skipped' });
    expect(await snapshot(a)).toEqual(before);
    expect(await readFile(log, 'utf8')).toBe('reload\nreload\n');

    const ends = events.flatMap((event) => (event.type === 'action-end' && event.result.status !== 'failed' ? [event.result.id] : []));
    const undos = events.flatMap((event) => (event.type === 'undo-start' ? [event.id] : []));
    expect(undos).toEqual([...ends.filter((id) => id !== 'reload').reverse(), 'reload']);
  });

  it('undoes a fetch into the hub when asked to restore, and keeps no backup after success', async () => {
    const remote = join(root, 'server/files');
    await put(join(remote, 'a.txt'), 'server a\n');
    await put(join(remote, 'b.txt'), 'server b\n');
    const hubCopy = join(root, 'hub/files');
    await put(join(hubCopy, 'a.txt'), 'hub a\n');
    const before = await snapshot(join(root, 'hub'));
    const fetch = fetchTree({ id: 'fetch', server: '@a', source: remote, target: hubCopy, undo: { kind: 'restore' } });

    const failed = await execute(createPlan('fetch', [fetch, boom(['fetch'])]), options());
    expect(failed.actions[0]?.status).toBe('undone');
    expect(await snapshot(join(root, 'hub'))).toEqual(before);

    const done = await execute(createPlan('fetch', [fetch]), options());
    expect(done.actions[0]?.status).toBe('changed');
    expect(await readFile(join(hubCopy, 'a.txt'), 'utf8')).toBe('server a\n');
    expect((await readdir(join(root, 'hub'))).sort()).toEqual(['files']);
  });

  it('puts back every file of a batch whose placement failed part way', async () => {
    /** Places the first file of a batch, then loses the connection. */
    class DroppingTransport extends LocalTransport {
      override async place(files: readonly FilePlacement[]): Promise<readonly PlacedFile[]> {
        await super.place(files.slice(0, 1));
        throw new TransportError({ server: this.server, reason: 'unreachable', detail: 'connection lost', retryable: true });
      }
    }
    const path = join(root, 'a/existing.conf');
    await put(path, 'old\n');
    const result = await execute(
      createPlan('batch', [
        writeFile({ id: 'first', server: '@a', path, content: 'new\n' }),
        writeFile({ id: 'second', server: '@a', path: join(root, 'a/second.conf'), content: 'x' }),
      ]),
      { transports: (server) => new DroppingTransport(server) },
    );
    expect(result.status).toBe('failed');
    expect(result.failure?.reason).toBe('could not place the file: @a: unreachable: connection lost (a retry may help)');
    expect(result.actions.map((action) => action.status)).toEqual(['failed', 'failed']);
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect(await readdir(join(root, 'a'))).toEqual(['existing.conf']);
  });

  it('stops at a failed config test, skips the rest and reports its output', async () => {
    const path = join(root, 'a/site.conf');
    await put(path, 'old\n');
    const result = await execute(
      createPlan('config', [
        writeFile({ id: 'conf', server: '@a', path, content: 'broken\n' }),
        configTest({ id: 'x', server: '@a', argv: ['sh', '-c', 'echo bad line 3 >&2; exit 1'], after: ['conf'] }),
        reload({ id: 'reload', server: '@a', argv: ['true'], after: ['x'] }),
      ]),
      options(),
    );
    expect(result.status).toBe('failed');
    expect(result.failure?.reason).toBe('config test failed: sh exited with 1: bad line 3');
    expect(result.actions.map((action) => [action.status, action.stderrTail])).toEqual([
      ['undone', undefined],
      ['failed', 'bad line 3\n'],
      ['skipped', undefined],
    ]);
    expect(await readFile(path, 'utf8')).toBe('old\n');
  });

  it('leaves an action the planner marked not undoable as done, without its trash', async () => {
    const path = join(root, 'a/cache.tmp');
    await put(path, 'cache\n');
    const result = await execute(
      createPlan('no undo', [
        removePath({ id: 'rm', server: '@a', path, undo: { kind: 'none', reason: 'a cache' } }),
        boom(['rm']),
      ]),
      options(),
    );
    expect(result.actions.map((action) => action.status)).toEqual(['changed', 'failed']);
    expect(await readdir(join(root, 'a'))).toEqual([]);
  });

  it('reports an undo that failed and still undoes the others', async () => {
    const path = join(root, 'a/file');
    await put(path, 'old\n');
    const result = await execute(
      createPlan('undo fails', [
        writeFile({ id: 'write', server: '@a', path, content: 'new\n' }),
        exec({ id: 'step', server: '@a', argv: ['true'], undo: { kind: 'exec', argv: ['sh', '-c', 'echo nope >&2; exit 4'] } }),
        boom(['write', 'step']),
      ]),
      options(),
    );
    const step = result.actions.find((action) => action.id === 'step');
    expect(step?.status).toBe('changed');
    expect(step?.undoError).toBe('sh exited with 4: nope');
    expect(result.actions[0]?.status).toBe('undone');
    expect(await readFile(path, 'utf8')).toBe('old\n');
  });

  it('on cancellation lets the running action finish, starts nothing more and rolls back', async () => {
    const path = join(root, 'a/file');
    await put(path, 'old\n');
    const controller = new AbortController();
    const result = await execute(
      createPlan('cancel', [
        writeFile({ id: 'write', server: '@a', path, content: 'new\n' }),
        exec({ id: 'slow', server: '@a', argv: ['sleep', '0.2'], after: ['write'] }),
        writeFile({ id: 'later', server: '@a', path: join(root, 'a/later'), content: 'x', after: ['slow'] }),
      ]),
      options({
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type === 'action-start' && event.id === 'slow') controller.abort();
        },
      }),
    );
    expect(result.status).toBe('cancelled');
    expect(result.actions.map((action) => action.status)).toEqual(['undone', 'changed', 'skipped']);
    expect(result.actions[1]?.durationMs).toBeGreaterThanOrEqual(150);
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect(await readdir(join(root, 'a'))).toEqual(['file']);
  });

  it('runs sql actions through the runner and their compensating statements on rollback', async () => {
    const calls: SqlStatement[][] = [];
    const runner = { run: async (statements: readonly SqlStatement[]) => void calls.push([...statements]) };
    const create = sqlStatement('CREATE DATABASE site1');
    const drop = sqlStatement('DROP DATABASE site1');
    const result = await execute(
      createPlan('sql', [
        sql({ id: 'db', server: '@db', statements: [create], undo: { kind: 'sql', statements: [drop] } }),
        exec({ id: 'boom', server: '@web', argv: ['false'], after: ['db'] }),
      ]),
      options({ sql: () => runner }),
    );
    expect(result.status).toBe('failed');
    expect(calls).toEqual([[create], [drop]]);
    expect(result.actions[0]?.status).toBe('undone');
  });

  it('reports a check-only action (a test database made and dropped) as ok, and still undoes it on a later failure', async () => {
    const calls: SqlStatement[][] = [];
    const runner = { run: async (statements: readonly SqlStatement[]) => void calls.push([...statements]) };
    const create = sqlStatement('CREATE DATABASE probe');
    const drop = sqlStatement('DROP DATABASE IF EXISTS probe');
    const check = sql({ id: 'db', server: '@db', statements: [create], undo: { kind: 'sql', statements: [drop] }, checkOnly: true });
    const passed = await execute(createPlan('check', [check, exec({ id: 'login', server: '@web', argv: ['true'], checkOnly: true })]), options({ sql: () => runner }));
    expect(passed.actions.map((a) => a.status)).toEqual(['ok', 'ok']);
    calls.length = 0;
    const failed = await execute(createPlan('check', [check, exec({ id: 'boom', server: '@web', argv: ['false'], after: ['db'] })]), options({ sql: () => runner }));
    expect(failed.status).toBe('failed');
    expect(calls).toEqual([[create], [drop]]);
    expect(failed.actions[0]?.status).toBe('undone');
  });

  it('fails a sql action without a runner, and redacts sensitive parameters from runner errors', async () => {
    const grant = sqlStatement('CREATE USER site1 IDENTIFIED BY ?', ['pa55-word-42']);
    const plan = createPlan('sql', [sql({ id: 'user', server: '@db', statements: [grant], sensitive: true })]);
    const missing = await execute(plan, options());
    expect(missing.failure?.reason).toBe('no SQL runner for @db');
    const failing = { run: async () => Promise.reject(new Error("syntax error near 'pa55-word-42'")) };
    const result = await execute(plan, options({ sql: () => failing }));
    expect(result.failure?.reason).toBe("SQL failed: syntax error near '********'");
  });
});
