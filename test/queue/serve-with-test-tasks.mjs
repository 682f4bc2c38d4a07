/* global process */
// `aegir serve` as the binary runs it (the built code in dist/), with the tests' own task verbs
// in place of the hub's registry: `slow` writes a file on the hub's disk, sleeps
// AEGIR_TEST_SLEEP seconds, then writes another (both undone on rollback).
import { join } from 'node:path';
import { plannerRunner, serveQueue, settingsFromEnv } from '../../dist/hosting/queue/index.js';
import { createPlan, exec, writeFile } from '../../dist/plan/index.js';
import { LocalTransport } from '../../dist/transport/local.js';

const dir = process.env.AEGIR_TEST_DIR;
const seconds = process.env.AEGIR_TEST_SLEEP ?? '2';

const slow = (task) =>
  createPlan(`slow ${task.target}`, [
    writeFile({ id: 'first', server: '@localhost', path: join(dir, `first-${task.id}`), content: `attempt ${task.attempt}\n` }),
    exec({ id: 'sleep', server: '@localhost', argv: ['sleep', seconds], after: ['first'], undo: { kind: 'none', reason: 'a pause' } }),
    writeFile({ id: 'second', server: '@localhost', path: join(dir, `second-${task.id}`), content: `attempt ${task.attempt}\n`, after: ['sleep'] }),
  ]);

await serveQueue({
  home: process.env.AEGIR_HOME,
  databaseUrl: process.env.AEGIR_DATABASE_URL,
  settings: settingsFromEnv(process.env),
  runner: () => plannerRunner({ slow }, (server) => new LocalTransport(server)),
});
