import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, ensureBuilt, type Hub } from './aegir-binary.js';

/** The platform's own lifecycle from the command line: lock, unlock, delete (refused while in use). */
describe('aegir lock, unlock and delete @platform', () => {
  let hub: Hub;
  const ok = (args: string[], stdin?: string): string => {
    const run = hub.run(args, stdin === undefined ? {} : { stdin });
    expect(run.code, `${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(0);
    return run.stdout;
  };

  beforeAll(() => {
    ensureBuilt();
    hub = createHub();
    ok(['init']);
    ok(['server', 'add', '@db1', '--host', '10.0.0.21', '--db', 'mysql', '--set', 'db.password=-'], 'admin-password-0123\n');
    ok(['platform', 'add', '@p1', '--root', '/var/aegir/platforms/p1-test', '--app', 'php', '--web', '@localhost']);
  });
  afterAll(() => hub.dispose());

  it('a locked platform takes no new site; unlocked it does', () => {
    expect(ok(['lock', '@p1'])).toContain('@p1 locked');
    const refused = hub.run(['site', 'add', 'a.example.com', '--platform', '@p1', '--db', '@db1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('platform @p1 is locked');
    expect(JSON.parse(ok(['list', 'sites', '--json']))).toEqual([]);
    expect(JSON.parse(ok(['show', '@p1', '--json']))).toMatchObject({ locked: true });
    ok(['unlock', '@p1']);
    ok(['site', 'add', 'a.example.com', '--platform', '@p1', '--db', '@db1']);
  });

  it('delete @platform is refused while it has sites, naming them, and removes it once empty', () => {
    const refused = hub.run(['delete', '@p1']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('@a.example.com');
    expect(JSON.parse(ok(['list', 'platforms', '--json']))).toHaveLength(1);
    ok(['site', 'remove', 'a.example.com']);
    expect(ok(['delete', '@p1', '--yes'])).toMatch(/delete @p1: succeeded/);
    expect(JSON.parse(ok(['list', 'platforms', '--json']))).toEqual([]);
    expect(hub.run(['delete', '@p1']).code).toBe(2);
  });
});
