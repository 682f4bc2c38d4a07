import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresSkipReason, stopTestPostgres } from '../support/postgres.js';
import { createHub, ensureBuilt, transcript, type Hub } from './aegir-binary.js';

const PASSWORD = 'Frotz-5d2e-never-print-me';
const title = postgresSkipReason === undefined ? 'aegir on PostgreSQL' : `aegir on PostgreSQL (skipped: ${postgresSkipReason})`;

(postgresSkipReason === undefined ? describe : describe.skip)(title, () => {
  let hub: Hub;

  beforeAll(async () => {
    ensureBuilt();
    hub = createHub({ AEGIR_DATABASE_URL: await createTestDatabase() });
  });

  afterAll(async () => {
    hub?.dispose();
    await stopTestPostgres();
  });

  it('uses AEGIR_DATABASE_URL for init, changes and listings; init twice is safe', () => {
    const init = hub.run(['init']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('database: postgres');
    expect(hub.run(['init']).stdout).toContain('kept server @localhost');
    const add = hub.run(['server', 'add', '@pg1', '--host', 'pg1.example.com', '--db', 'postgres', '--set', 'db.password=-'], {
      stdin: PASSWORD,
    });
    expect(add.code).toBe(0);
    const servers = JSON.parse(hub.run(['list', 'servers', '--json']).stdout) as { alias: string }[];
    expect(servers.map((s) => s.alias)).toEqual(['@localhost', '@pg1']);
    expect(hub.run(['show', '@pg1']).stdout).toMatch(/^db\.password: +\*{8}$/m);
    expect(hub.run(['server', 'remove', '@nope']).code).toBe(2);
    expect(transcript.join('\n')).not.toContain(PASSWORD);
  });
});
