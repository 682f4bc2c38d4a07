import { describe, expect, it } from 'vitest';
import type { PlanResult } from '../../hosting/index.js';
import { progressLine, resultSummary } from './progress.js';

const failed: PlanResult = {
  status: 'failed',
  durationMs: 1234,
  failure: { actionId: 'db:@db1:verify:create-db', server: '@db1', reason: '@db1: cannot connect: access denied' },
  actions: [
    { id: 'http:@db1:dir:aegir', server: '@db1', kind: 'ensureDir', status: 'undone', durationMs: 5, undoError: 'rmdir: busy' },
    { id: 'db:@db1:verify:create-db', server: '@db1', kind: 'sql', status: 'failed', durationMs: 7, error: '@db1: cannot connect: access denied' },
    { id: 'db:@db1:verify:drop-db', server: '@db1', kind: 'sql', status: 'skipped' },
  ],
};

describe('task progress', () => {
  it('names the failed action, its server and the reason, and ends with the outcome and counts', () => {
    expect(resultSummary('verify @db1', failed)).toBe(
      'failed: db:@db1:verify:create-db on @db1: @db1: cannot connect: access denied\n' +
        'undo failed: http:@db1:dir:aegir on @db1: rmdir: busy (check this server by hand)\n' +
        'verify @db1: failed (0 changed, 1 failed, 1 undone, 1 skipped) in 1.2 s\n',
    );
    const line = progressLine({ type: 'action-end', at: 0, result: failed.actions[1]! });
    expect(line).toBe('  FAILED  @db1  db:@db1:verify:create-db (7 ms): @db1: cannot connect: access denied\n');
  });

  it('says what a long wait waits for: the action, its server, how long so far', () => {
    const base = { type: 'action-waiting', at: 0, id: 'db:@db1:revoke', server: '@db1', kind: 'sql', description: 'run SQL: REVOKE ALL' } as const;
    expect(progressLine({ ...base, phase: 'run', waitedMs: 20_000 })).toBe('  waiting @db1  db:@db1:revoke (20.0 s so far): run SQL: REVOKE ALL\n');
    expect(progressLine({ ...base, phase: 'undo', waitedMs: 10_000 })).toBe('  waiting @db1  db:@db1:revoke (undo, 10.0 s so far): run SQL: REVOKE ALL\n');
  });

  it('says 0 changed when nothing changed, and why a reload was skipped', () => {
    const quiet: PlanResult = {
      status: 'succeeded',
      durationMs: 80,
      actions: [
        { id: 'http:@web1:write:server-config', server: '@web1', kind: 'writeFile', status: 'ok', durationMs: 3 },
        { id: 'http:@web1:reload', server: '@web1', kind: 'reload', status: 'skipped', note: 'nothing it depends on changed' },
      ],
    };
    expect(resultSummary('verify @web1', quiet)).toBe('verify @web1: succeeded (0 changed, 1 ok, 0 failed, 1 skipped) in 80 ms\n');
    expect(progressLine({ type: 'action-end', at: 0, result: quiet.actions[1]! })).toBe(
      '  skipped @web1  http:@web1:reload (nothing it depends on changed)\n',
    );
    expect(progressLine({ type: 'plan-start', at: 0, title: 'verify @web1', actionCount: 2 })).toBe('verify @web1: 2 actions\n');
  });
});
