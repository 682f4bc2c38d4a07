import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exec } from '../plan/build-command-actions.js';
import { writeFile } from '../plan/build-file-actions.js';
import { createPlan } from '../plan/build-plan.js';
import { REDACTED } from '../plan/redact.js';
import { LocalTransport } from '../transport/local.js';
import { execute } from './execute.js';
import { createRedactor } from './redactor.js';
import type { ExecutorEvent } from './types.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aegir-redact-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('execute: redaction', () => {
  it('redacts sensitive stdin and env values from tails, errors and events', async () => {
    const events: ExecutorEvent[] = [];
    const result = await execute(
      createPlan('secret', [
        exec({
          id: 'pw', server: '@a', sensitive: true, stdin: 'hunter2-secret-value', env: { TOKEN: 'tok-abcdef-123' },
          argv: ['sh', '-c', 'cat; echo "$TOKEN" >&2; exit 5'],
        }),
      ]),
      { transports: (server) => new LocalTransport(server), onEvent: (event) => events.push(event) },
    );
    expect(result.actions[0]).toMatchObject({
      status: 'failed', exitCode: 5, stdoutTail: REDACTED, stderrTail: `${REDACTED}\n`, error: `sh exited with 5: ${REDACTED}`,
    });
    expect(result.failure?.reason).toBe(`sh exited with 5: ${REDACTED}`);
    const everything = JSON.stringify([result, events]);
    expect(everything).not.toContain('hunter2');
    expect(everything).not.toContain('tok-abcdef');
  });

  it('gives a failed installer’s last lines of stderr (or stdout) as its reason, redacted', async () => {
    const installer = [
      'echo "installing with $DB_PASS"', 'echo "PHP Fatal error:  Uncaught Exception: cannot create table, password=$DB_PASS" >&2',
      'echo "Stack trace:" >&2', 'echo "#0 {main}" >&2', 'exit 255',
    ].join('; ');
    const result = await execute(
      createPlan('install', [
        exec({ id: 'install', server: '@a', sensitive: true, env: { DB_PASS: 'db-pass-0123456' }, argv: ['sh', '-c', installer] }),
        exec({ id: 'quiet', server: '@a', argv: ['sh', '-c', 'echo "Could not reach the database"; exit 3'] }),
      ]),
      { transports: (server) => new LocalTransport(server) },
    );
    const reasons = result.actions.map((action) => action.error);
    expect(reasons[0]).toBe(`sh exited with 255:\n    PHP Fatal error:  Uncaught Exception: cannot create table, password=${REDACTED}\n    Stack trace:\n    #0 {main}`);
    expect(reasons[1]).toBe('sh exited with 3: Could not reach the database');
    expect(JSON.stringify(result)).not.toContain('db-pass-0123456');
  });

  it('redacts the caller’s secrets and each line of a sensitive file from output', async () => {
    const path = join(root, 'settings.ini');
    const result = await execute(
      createPlan('file', [
        writeFile({ id: 'ini', server: '@a', path, content: 'user=site\npassword=topsecret-pw\n', sensitive: true }),
        exec({ id: 'grep', server: '@a', argv: ['grep', 'password', path], after: ['ini'] }),
        exec({ id: 'echo', server: '@a', argv: ['echo', 'key is api-key-XYZ'] }),
      ]),
      { transports: (server) => new LocalTransport(server), secrets: ['api-key-XYZ'] },
    );
    expect(result.status).toBe('succeeded');
    expect(result.actions[1]?.stdoutTail).toBe(`${REDACTED}\n`);
    expect(result.actions[2]?.stdoutTail).toBe(`key is ${REDACTED}\n`);
  });

  it('keeps platform roots and uris readable in descriptions and output: a path is not a secret', () => {
    const root = '/var/aegir/platforms/mw139';
    const plan = createPlan('install', [
      writeFile({ id: 'settings', server: '@a', path: `${root}/sites/w.example.com/LocalSettings.php`, content: `<?php\n$wgDBpassword = "pw-7f3a9c21";\n${root}\n`, sensitive: true }),
      exec({ id: 'install', server: '@a', argv: ['php'], stdin: "<?php\n$pass = 'adm-81b2e4';\n", env: { MW_INSTALL_PATH: root, WP_SITE: 'w.example.com', PGPASSWORD: 'pg-55d0c1e2' }, sensitive: true }),
    ]);
    const redact = createRedactor(plan, []);
    expect(redact(`push the code of @mw139 to ${root} on @a for w.example.com`)).toBe(`push the code of @mw139 to ${root} on @a for w.example.com`);
    expect(redact('$wgDBpassword = "pw-7f3a9c21";\nPGPASSWORD=pg-55d0c1e2\n$pass = \'adm-81b2e4\';')).toBe(`${REDACTED}\nPGPASSWORD=${REDACTED}\n${REDACTED}`);
  });

  it('keeps only the last 4 KiB of output', async () => {
    const result = await execute(
      createPlan('long', [exec({ id: 'long', server: '@a', argv: ['sh', '-c', 'seq 1 5000; echo END'] })]),
      { transports: (server) => new LocalTransport(server) },
    );
    const tail = result.actions[0]?.stdoutTail ?? '';
    expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(4096 + 3);
    expect(tail.endsWith('4999\n5000\nEND\n')).toBe(true);
    expect(tail).not.toContain('\n1\n2\n');
  });
});
