/**
 * A db server that stops answering (its processes SIGSTOPped on the fixture host, as a full disk
 * or a hung server would look): the SQL action fails within its timeout, the rollback's SQL too,
 * and the waits are reported while they last. MariaDB and PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../src/engine/execute.js';
import type { ExecutorEvent } from '../../src/engine/types.js';
import { parseServer, type Server } from '../../src/model/server.js';
import { exec, sql, sqlStatement } from '../../src/plan/build-command-actions.js';
import { createPlan } from '../../src/plan/build-plan.js';
import { openDbConnection, sqlRunners } from '../../src/transport/sql/index.js';
import { SshTransport } from '../../src/transport/ssh.js';
import { describeWithFixture, useFixture } from '../fixture/index.js';

const TIMEOUT_MS = 2000;
/** The hub's deadline (timeout + 2 s of grace) and room for a loaded machine. */
const BOUND_MS = TIMEOUT_MS + 2000 + 3000;

describeWithFixture('SQL against a db server that stops answering', () => {
  const fixture = useFixture({ hosts: ['db1'] });
  const servers = new Map<string, Server>();
  const transports: SshTransport[] = [];

  beforeAll(async () => {
    const fx = fixture();
    const [maria, pg] = await Promise.all([fx.startMariadb('db1'), fx.startPostgres('db1')]);
    for (const [alias, impl, admin] of [['@db1', 'mysql', maria], ['@pg1', 'postgres', pg]] as const) {
      servers.set(alias, parseServer({
        alias, host: fx.host('db1').address,
        services: { http: { impl: 'null' }, db: { impl, settings: { user: admin.user, password: admin.password } }, files: { impl: 'rsync' } },
      }));
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
  });

  const server = (alias: string): Server => {
    const found = servers.get(alias);
    if (found === undefined) throw new Error(`no server ${alias}`);
    return found;
  };

  describe.each([
    { impl: 'mysql', alias: '@db1', processes: 'mariadbd' },
    { impl: 'postgres', alias: '@pg1', processes: 'postgres' },
  ] as const)('$impl', ({ impl, alias, processes }) => {
    const names = [1, 2, 3].map((n) => `aegir_stall_${n}_${randomBytes(3).toString('hex')}`);
    const create = (name: string): string => (impl === 'mysql' ? `CREATE USER '${name}'@'%'` : `CREATE ROLE "${name}"`);
    const drop = (name: string): string => (impl === 'mysql' ? `DROP USER IF EXISTS '${name}'@'%'` : `DROP ROLE IF EXISTS "${name}"`);
    const signal = (name: 'STOP' | 'CONT') => fixture().run('db1', ['pkill', `-${name}`, '-x', processes]);

    afterAll(async () => {
      await signal('CONT');
      const admin = openDbConnection(server(alias));
      try {
        await admin.run(names.map((name) => sqlStatement(drop(name))));
      } finally {
        await admin.close();
      }
    });

    it('fails the statement within its timeout, and the rollback’s statements too, saying what it waits for', async () => {
      const fx = fixture();
      const [first, second, third] = names as [string, string, string];
      const plan = createPlan(`stall ${impl}`, [
        // Two at once: the pool holds two live connections when the server stops.
        sql({ id: 'one', server: alias, statements: [sqlStatement(create(first))], undo: { kind: 'sql', statements: [sqlStatement(drop(first))] } }),
        sql({ id: 'two', server: alias, statements: [sqlStatement(create(second))], undo: { kind: 'sql', statements: [sqlStatement(drop(second))] } }),
        exec({ id: 'stop', server: '@db1-host', argv: ['pkill', '-STOP', '-x', processes], after: ['one', 'two'],
          undo: { kind: 'none', reason: 'the test resumes the server itself' } }),
        sql({ id: 'stalled', server: alias, statements: [sqlStatement(create(third))], after: ['stop'] }),
      ]);
      const runners = sqlRunners(server, { connectTimeoutMs: TIMEOUT_MS, statementTimeoutMs: TIMEOUT_MS });
      const events: ExecutorEvent[] = [];
      const started = Date.now();
      const result = await execute(plan, {
        sql: runners.sql,
        waitingEveryMs: 1000,
        onEvent: (event) => events.push({ ...event, at: Date.now() }),
        transports: (name) => {
          const transport = new SshTransport({
            server: name, host: fx.host('db1').address, port: 22, user: 'root', identityFile: fx.ssh.identityFile,
            knownHostsFile: fx.ssh.knownHostsFile, controlDir: fx.ssh.controlDir, connectTimeoutMs: 5000,
          });
          transports.push(transport);
          return transport;
        },
      }).finally(() => runners.close());
      const took = Date.now() - started;

      expect(result.status).toBe('failed');
      const byId = new Map(result.actions.map((action) => [action.id, action]));
      expect(byId.get('stalled')).toMatchObject({ status: 'failed' });
      expect(byId.get('stalled')?.error).toMatch(new RegExp(`^SQL failed: ${alias}: no answer: .* in: CREATE`));
      expect(byId.get('stalled')?.durationMs).toBeLessThan(BOUND_MS);
      // Both undos were tried and failed in time: one over a live connection, one connecting anew.
      for (const id of ['one', 'two']) {
        expect(byId.get(id)?.status).toBe('changed');
        expect(byId.get(id)?.undoError, id).toMatch(new RegExp(`^${alias}: (no answer|cannot connect): `));
        const start = events.find((event) => event.type === 'undo-start' && event.id === id)?.at ?? 0;
        const end = events.find((event) => event.type === 'undo-end' && event.id === id)?.at ?? Infinity;
        expect(end - start, `undo of ${id}`).toBeLessThan(BOUND_MS);
      }
      expect(took).toBeLessThan(3 * BOUND_MS + 5000);
      const waiting = events.filter((event) => event.type === 'action-waiting');
      expect(waiting.some((event) => event.id === 'stalled' && event.phase === 'run' && event.server === alias)).toBe(true);
      expect(waiting.some((event) => event.phase === 'undo' && ['one', 'two'].includes(event.id))).toBe(true);
      expect(waiting.find((event) => event.id === 'stalled')?.description).toMatch(/^run SQL: CREATE/);
    }, 60_000);

    it('answers again once the server resumes', async () => {
      await signal('CONT');
      const admin = openDbConnection(server(alias), { connectTimeoutMs: TIMEOUT_MS, statementTimeoutMs: TIMEOUT_MS });
      try {
        expect((await admin.query('SELECT 1 AS one')).map((row) => Number(row.one))).toEqual([1]);
      } finally {
        await admin.close();
      }
    });
  });
});
