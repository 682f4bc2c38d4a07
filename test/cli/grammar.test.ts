/**
 * One command-line grammar, as drush, wp-cli and kubectl users expect it: the real `aegir` binary
 * on a hub whose servers are the hub itself (local transport) or unreachable on purpose
 * (`@bad`, ssh to port 1), so nothing touches a real server's config.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { openStore } from '../../src/store/index.js';
import { spawnDaemon } from '../queue/daemon-process.js';
import { until } from '../support/until.js';
import { BIN, ROOT, createHub, ensureBuilt, transcript, type Hub, type Run } from './aegir-binary.js';
import { readmeCommands } from './readme-commands.js';
import { runOnTty } from './tty.js';

const PASSWORD = 'Quux-5e1d-never-print-me';
const TASK_VERBS = ['verify', 'install', 'disable', 'enable', 'delete', 'backup', 'restore', 'clone', 'migrate'];
const TASK_FLAGS = ['--dry-run', '--json', '--no-wait', '--accept-host-key'];

/** The command tree itself, for what its definition says (options, help): no process to start. */
const program = buildProgram({
  io: { out: () => undefined, err: () => undefined, readStdin: async () => '', stdinIsTty: false, prompt: async () => '' },
  home: '/nonexistent', databaseUrl: undefined, actor: 'cli:test', pathEnv: undefined,
});

/** The deepest command the words name (`['server', 'add']`), and how many words it took. */
function commandAt(words: readonly string[]): { command: Command; depth: number } {
  let command: Command = program;
  let depth = 0;
  for (const word of words) {
    const next = command.commands.find((c) => c.name() === word);
    if (next === undefined) break;
    command = next;
    depth += 1;
  }
  return { command, depth };
}

const optionsOf = (words: readonly string[]): string[] => commandAt(words).command.options.map((o) => o.long ?? '').sort();
const helpOf = (words: readonly string[]): string => commandAt(words).command.helpInformation();

// Every CLI run starts a process: on a loaded 2-core machine each takes up to a second or two.
describe('one command-line grammar', { timeout: 180_000 }, () => {
  let hub: Hub;
  let root: string;
  const run = (args: string[], stdin?: string): Run => hub.run(args, stdin === undefined ? {} : { stdin });
  const ok = (args: string[], stdin?: string): string => {
    const done = run(args, stdin);
    expect({ args, code: done.code, stderr: done.stderr }).toEqual({ args, code: 0, stderr: '' });
    return done.stdout;
  };
  const refused = (args: string[], code = 2): Run => {
    const done = run(args);
    expect({ args, code: done.code }).toEqual({ args, code });
    return done;
  };
  const json = (args: string[]): unknown => JSON.parse(ok([...args, '--json']));
  const tasks = (): { id: number; verb: string; status: string; args: Record<string, unknown> }[] =>
    json(['task', 'list']) as { id: number; verb: string; status: string; args: Record<string, unknown> }[];
  const cancelQueued = (): void => {
    for (const task of tasks().filter((t) => t.status === 'queued')) ok(['task', 'cancel', String(task.id)]);
  };

  beforeAll(() => {
    ensureBuilt();
    hub = createHub();
    // A root under an allowed base (never under /tmp), that does not exist: verify says so.
    root = join('/var/aegir/platforms', `${basename(join(hub.home, '..'))}-app`);
    ok(['init']);
    // Bare aliases everywhere: `s1` is `@s1`.
    ok(['server', 'add', 's1', '--host', '127.0.0.1', '--http', 'null', '--db', 'null', '--files', 'local']);
    ok(['server', 'add', 'w1', '--host', '127.0.0.1', '--http', 'nginx', '--files', 'local']);
    ok(['server', 'add', 'bad', '--host', '127.0.0.1', '--ssh-port', '1', '--http', 'nginx', '--files', 'rsync']);
    ok(['server', 'add', 'db1', '--host', '127.0.0.1', '--ssh-port', '1', '--db', 'mysql', '--set', 'db.password=-'], PASSWORD);
    ok(['platform', 'add', 'app', '--root', root, '--app', 'php', '--web', 'w1']);
    ok(['client', 'add', 'acme']);
    ok(['site', 'add', 'new.example.com', '--platform', 'app', '--db', 'db1', '--client', 'acme']);
  });

  afterAll(() => {
    expect(transcript.join('\n')).not.toContain(PASSWORD);
    hub.dispose();
  });

  it('a bare name or uri is accepted wherever an @alias is, and a bad one is refused the same way everywhere', () => {
    expect(json(['show', 's1'])).toMatchObject({ kind: 'server', alias: '@s1' });
    expect(json(['show', 'new.example.com'])).toMatchObject({ kind: 'site', alias: '@new.example.com', platform: '@app', db: '@db1' });
    ok(['site', 'set', 'new.example.com', '--client', 'acme']);
    expect(ok(['verify', 's1'])).toMatch(/^verify @s1: succeeded \(0 changed.*\(task \d+\)$/m);
    expect(json(['task', 'list', '--entity', 's1']) as unknown[]).toHaveLength(1);
    expect(json(['backup', 'list', 'new.example.com'])).toEqual([]);
    ok(['cluster', 'add', 'c1', '--servers', 'w1']);
    expect(json(['show', 'c1'])).toEqual({ kind: 'cluster', alias: '@c1', servers: ['@w1'] });
    ok(['cluster', 'remove', 'c1']);
    for (const args of [['server', 'add', 'web 1', '--host', 'x.example.com'], ['verify', 'web 1'], ['show', '@web 1'], ['task', 'list', '--entity', 'web 1']]) {
      expect(refused(args).stderr).toMatch(/"@?web 1" is not an alias \('@' then .*the '@' may be left out\)/);
    }
  });

  it('server|cluster|platform|site|client list work, as list KINDS and list KIND do', () => {
    const all = json(['list']) as Record<string, unknown[]>;
    for (const kind of ['server', 'cluster', 'platform', 'site', 'client']) expect({ kind, list: json([kind, 'list']) }).toEqual({ kind, list: all[`${kind}s`] });
    expect(json(['list', 'server'])).toEqual(all.servers);
    expect(ok(['server', 'list'])).toBe(ok(['list', 'servers']));
    expect(ok(['server', 'list'])).toMatch(/^ALIAS +HOST +HTTP +DB +FILES\n/);
  });

  it('--version; help and help COMMAND exit 0 on stdout; an unknown topic is an error', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(ok(['--version'])).toBe(`${version}\n`);
    expect(ok(['help'])).toMatch(/^Usage: aegir \[options\] \[command\]/);
    expect(ok(['help', 'server', 'add'])).toMatch(/^Usage: aegir server add \[options\] <alias>/);
    expect(ok(['server', 'help', 'add'])).toBe(ok(['server', 'add', '--help']));
    expect(ok(['help', 'environment'])).toMatch(/AEGIR_HOME/);
    expect(refused(['help', 'bogus']).stderr).toBe("aegir: no help on 'bogus': 'aegir help' lists the commands; other topics: environment\n");
    expect(refused(['help', 'sever']).stderr).toMatch(/did you mean server, serve\?/);
    expect(refused(['server', 'help', 'bogus']).stderr).toMatch(/^aegir: no help on 'server bogus'/);
  });

  it('a closed standard output (aegir task log 3 | head) ends the command quietly, no stack trace', async () => {
    const id = /\(task (\d+)\)$/m.exec(ok(['verify', 's1']))?.[1] ?? '';
    for (const args of [['task', 'log', id], ['task', 'log', id, '--follow'], ['help'], ['list']]) {
      const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, AEGIR_HOME: hub.home }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the reader went away before the first line
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  });

  it('every task verb takes --dry-run, --json, --no-wait and --accept-host-key, and every flag the README shows exists', () => {
    for (const verb of TASK_VERBS) expect({ verb, flags: TASK_FLAGS.filter((f) => optionsOf([verb]).includes(f)) }).toEqual({ verb, flags: TASK_FLAGS });
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.replace(/\s+/g, ' ')).toContain('all take `--dry-run`, `--json`, `--no-wait` and `--accept-host-key`');
    const shown = readmeCommands(readme);
    expect(shown.length).toBeGreaterThan(60);
    for (const { path, flags } of shown) {
      const { command, depth } = commandAt(path);
      const known = [...command.options.map((o) => o.long), '--help', ...(depth === 0 ? ['--version'] : [])];
      const missing = flags.filter((flag) => !known.includes(flag));
      expect({ command: ['aegir', ...path.slice(0, depth)].join(' '), missing }).toEqual({ command: ['aegir', ...path.slice(0, depth)].join(' '), missing: [] });
    }
    // ... and the binary shows them in its help.
    for (const verb of TASK_VERBS.slice(0, 2)) for (const flag of TASK_FLAGS) expect(ok([verb, '--help'])).toContain(flag);
  });

  it('--json: output and errors are JSON, and nothing else is on stdout', () => {
    const error = (args: string[], code: number): { error: { code: string; field: string | null; message: string } } => {
      const done = refused([...args, '--json'], code);
      expect(done.stderr).toMatch(/^aegir: /);
      return JSON.parse(done.stdout) as { error: { code: string; field: string | null; message: string } };
    };
    expect(error(['verify', '@nothing'], 2).error).toMatchObject({ code: 'not_found', field: null, message: expect.stringContaining('@nothing') });
    expect(error(['show', '@nothing'], 2)).toEqual({ error: { code: 'not_found', field: null, message: 'entity @nothing does not exist' } });
    expect(error(['install', 'z.example.com', '--platform', '@nope', '--db', 'db1'], 2).error).toMatchObject({ code: 'invalid_input', field: 'platform' });
    expect(error(['list', '--bogus'], 2)).toEqual({ error: { code: 'usage', field: '--bogus', message: "unknown option '--bogus'" } });
    // A failed task is one JSON document: the task, with its error.
    const failed = refused(['verify', '@bad', '--json'], 1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ verb: 'verify', target: '@bad', status: 'failed', error: expect.any(String) });
    const queued = run(['verify', 's1', '--no-wait', '--json']);
    expect(JSON.parse(queued.stdout)).toMatchObject({ verb: 'verify', target: '@s1', status: 'queued' });
    cancelQueued();
    expect(JSON.parse(ok(['verify', 's1', '--dry-run', '--json']))).toMatchObject({ title: 'verify @s1' });
    // The db server's self-test is planned as checks (ok, not changed; run for real in test/integration/cli-verify-server).
    const plan = JSON.parse(ok(['verify', 'db1', '--dry-run', '--json'])) as { actions: { id: string; checkOnly?: boolean }[] };
    expect(plan.actions.filter((a) => a.id.startsWith('db:@db1:verify:')).map((a) => a.checkOnly)).toEqual([true, true, true]);
  });

  it('add and set take the same options; set says what is recorded and not applied yet, or verifies with --verify', () => {
    for (const kind of ['server', 'cluster', 'platform', 'site']) expect({ kind, set: optionsOf([kind, 'set']) }).toEqual({ kind, set: optionsOf([kind, 'add']) });
    expect(ok(['server', 'set', 's1', 'ssh-user=root'])).toBe("changed server @s1: recorded, not applied yet: run 'aegir verify @s1' (or pass --verify)\n");
    expect(ok(['platform', 'set', 'app', '--source', ''])).toBe("changed platform @app: recorded, not applied yet: run 'aegir verify @app' (or pass --verify)\n");
    expect(ok(['site', 'set', 'new.example.com', '--alias', 'www.new.example.com']))
      .toBe("changed site new.example.com: recorded; it is applied when the site is installed ('aegir install @new.example.com')\n");
    const verified = ok(['server', 'set', 's1', '--ssh-user', 'root', '--verify']);
    expect(verified).toMatch(/^changed server @s1\n/);
    expect(verified).toMatch(/^verify @s1: succeeded .*\(task \d+\)$/m);
    // Help lists exactly the fields set takes (the refusal of another field names the same list).
    for (const [kind, target] of [['site', 'new.example.com'], ['platform', 'app']] as const) {
      const listed = /change an? \w+: ([a-zA-Z, ]+) \(/.exec(helpOf([kind, 'set']).replace(/\s+/g, ' '))?.[1];
      expect(listed).toBeDefined();
      const named = /one of: ([a-zA-Z, ]+)\)/.exec(refused([kind, 'set', target, 'status=enabled']).stderr)?.[1];
      expect(listed).toBe(named);
    }
    expect(helpOf(['site', 'set'])).not.toMatch(/status/);
  });

  it('--no-wait with no daemon warns that nothing runs it; task log --follow says so too instead of hanging silently', async () => {
    const queued = run(['verify', 's1', '--no-wait']);
    expect(queued.code).toBe(0);
    const id = queued.stdout.trim();
    expect(id).toMatch(/^\d+$/);
    expect(queued.stderr).toBe(`aegir: warning: no 'aegir serve' is running on this hub: task ${id} waits in the queue, and nothing runs it until 'aegir serve' starts\n`);
    const child = spawn(process.execPath, [BIN, 'task', 'log', id, '--follow'], { env: { PATH: process.env.PATH, AEGIR_HOME: hub.home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await until('the follow to say nothing runs the task', async () => (stderr.includes(`task ${id} waits in the queue, and nothing runs it until 'aegir serve' starts`) ? true : undefined));
    child.kill('SIGINT');
    cancelQueued();
  });

  it('several missing options are reported at once, and refusals suggest the fix', () => {
    expect(refused(['site', 'add', 'x.example.com']).stderr)
      .toBe("aegir: required options '--platform <alias>', '--db <alias>' not specified (see 'aegir site add --help')\n");
    expect(refused(['server', 'add']).stderr).toBe("aegir: missing required argument 'alias' and option '--host <host>' (see 'aegir server add --help')\n");
    expect(refused(['site', 'set', 'new.example.com', 'client=nobody']).stderr).toMatch(/client: "nobody" is not a client \(add it with 'aegir client add nobody'\)/);
    expect(refused(['site', 'add', 'y.example.com', '--platform', 'app', '--db', 'mysql']).stderr)
      .toMatch(/^aegir: db: "@mysql" is not a server: did you mean a db server, e\.g\. (.+, |.+ or )?@db1\b/);
    expect(refused(['verify', 'app'], 1).stderr).toContain(`the directory ${root} does not exist on @w1: put the code of @app there`);
  });

  it('a site never installed is new, in list, list --json and show', () => {
    expect(ok(['list', 'sites'])).toMatch(/^new\.example\.com +@app +@db1 +new +acme/m);
    expect(json(['list', 'sites'])).toEqual([expect.objectContaining({ uri: 'new.example.com', status: 'new' })]);
    expect(json(['show', 'new.example.com'])).toMatchObject({ status: 'new' });
    expect(ok(['show', 'new.example.com'])).toMatch(/^status: +new$/m);
  });

  it('a password is asked for without echo on a terminal; one given on the command line is refused', async () => {
    const typed = 'Typed-7c2e-never-print-me';
    const asked = await runOnTty({ AEGIR_HOME: hub.home }, ['server', 'set', 'db1', 'db.password=-'], [{ prompt: 'db.password (not shown): ', answer: typed }]);
    expect(asked.code).toBe(0);
    expect(asked.screen).toContain('changed server @db1');
    expect(asked.screen).not.toContain(typed);
    const store = await openStore({ home: hub.home, migrate: false });
    try {
      const db = (await store.servers.get('@db1'))?.services.db;
      expect(db?.impl === 'mysql' ? db.settings.password?.reveal() : undefined).toBe(typed);
    } finally {
      await store.close();
    }
    const inline = refused(['server', 'set', 'db1', 'db.password=hunter2']);
    expect(inline.stderr).toMatch(/^aegir: db\.password: "\*{8}" is a secret, .*give db\.password=- and type it when asked, or pipe it on standard input/);
    expect(inline.stderr).not.toContain('hunter2');
  });

  it('delete asks to type the uri on a terminal (--yes skips it; without a terminal --yes is needed); --no-backup goes in the task', async () => {
    const before = tasks().length;
    expect(refused(['delete', 'new.example.com']).stderr).toMatch(/no terminal to confirm it on: pass --yes/);
    const wrong = await runOnTty({ AEGIR_HOME: hub.home }, ['delete', 'new.example.com', '--no-wait'], [{ prompt: "Type the site's uri", answer: 'other.example.com' }]);
    expect(wrong.code).toBe(2);
    expect(wrong.screen).toContain('"other.example.com" is not new.example.com: nothing was deleted');
    expect(tasks()).toHaveLength(before);
    const typed = await runOnTty({ AEGIR_HOME: hub.home }, ['delete', 'new.example.com', '--no-backup', '--no-wait'], [{ prompt: "Type the site's uri (new.example.com)", answer: 'new.example.com' }]);
    expect(typed.code).toBe(0);
    expect(typed.screen).toContain('with no backup (--no-backup)');
    expect(tasks()[0]).toMatchObject({ verb: 'delete', status: 'queued', args: { backup: false } });
    cancelQueued();
    expect(run(['delete', 'new.example.com', '--yes', '--no-wait']).code).toBe(0);
    expect(tasks()[0]?.args).toEqual({});
    cancelQueued();

    ok(['platform', 'add', 'p2', '--root', `${root}-2`, '--app', 'php', '--web', 'w1']);
    expect(refused(['delete', 'p2']).stderr).toMatch(/pass --yes/);
    // A platform's delete is a task like a site's: queued with --no-wait.
    const queued = run(['delete', 'p2', '--yes', '--no-wait']);
    expect(queued.code).toBe(0);
    expect(tasks()[0]).toMatchObject({ verb: 'delete', target: '@p2', status: 'queued' });
    cancelQueued();
    const platform = await runOnTty({ AEGIR_HOME: hub.home }, ['delete', 'p2'], [{ prompt: "Type the platform's name (p2)", answer: 'p2' }]);
    expect(platform.code).toBe(0);
    expect(platform.screen).toMatch(/delete @p2: succeeded/);
    expect(json(['list', 'platforms'])).toEqual([expect.objectContaining({ alias: '@app' })]);
  });

  it('every environment variable the code reads is documented in aegir help environment', () => {
    const text = ok(['help', 'environment']);
    const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : []);
    const names = new Set(sources(join(ROOT, 'src')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\b(?:AEGIR_[A-Z0-9_]*[A-Z0-9]|(?<=process\.env\.)[A-Z_]+)\b/g)].map((m) => m[0])));
    expect([...names].filter((name) => !new RegExp(`^ {2}${name} `, 'm').test(text))).toEqual([]);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ')).toContain('`aegir help environment` lists every environment variable');
  });

  it("aegir serve's line for a failed task carries the error", async () => {
    const daemon = spawnDaemon({ AEGIR_HOME: hub.home, AEGIR_QUEUE_POLL_MS: '100' }, { testTasks: false });
    try {
      await daemon.ready;
      const id = Number(ok(['verify', 'bad', '--no-wait']).trim());
      const line = await until('the task finished line', async () => daemon.lines().find((l) => l.msg === 'task finished' && l.task === id));
      expect(line).toMatchObject({ status: 'failed', error: expect.stringMatching(/@bad/) });
      expect(String(line.error)).toBe(JSON.parse(ok(['task', 'show', String(id), '--json'])).error);
    } finally {
      daemon.child.kill('SIGTERM');
      expect(await daemon.exited).toBe(0);
    }
  });
});
