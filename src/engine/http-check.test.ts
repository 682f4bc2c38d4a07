/**
 * The httpCheck step against a real HTTP listener on 127.0.0.1 (a stand-in web server whose
 * answers the test sets), with the generation file read through the local transport.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpExpectation } from '../plan/action.js';
import { GENERATION_HEADER, httpCheck } from '../plan/build-check-actions.js';
import { LocalTransport } from '../transport/local.js';
import { runHttpCheck } from './http-check.js';
import { StepFailure, type StepContext } from './step.js';

const OLD = 'aegir-000000000000000000000000';
const NEW = 'aegir-111111111111111111111111';

type Answer = (req: IncomingMessage) => { status: number; generation?: string; body?: string };

let root: string;
let server: Server;
let port: number;
let answer: Answer;
let seen: { host: string | undefined; path: string | undefined }[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'aegir-http-check-'));
  seen = [];
  answer = () => ({ status: 404, generation: OLD });
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ host: req.headers.host, path: req.url });
    const { status, generation, body } = answer(req);
    res.writeHead(status, generation === undefined ? {} : { [GENERATION_HEADER]: generation });
    res.end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

const ctx = (): StepContext => ({ transport: new LocalTransport('@web1'), runId: 'test', workDir: join(root, 'work') });
const check = (expect: HttpExpectation, timeoutMs = 2000, host = 'site.test') =>
  httpCheck({ id: 'check', server: '@web1', address: '127.0.0.1', port, host, path: '/', expect, timeoutMs });
const generationFile = async (token: string): Promise<string> => {
  const file = join(root, 'generation.conf');
  await writeFile(file, `# generation\nadd_header X "${token}" always;\n`);
  return file;
};

describe('a generation wait', () => {
  it('passes once the default server answers the generation in the file, steadily for the settle time', async () => {
    const file = await generationFile(NEW);
    const started = Date.now();
    // Old for 150 ms, then new and old in turn for 150 ms (old workers still accepting), then new only.
    let turn = 0;
    let lastOld = started;
    answer = () => {
      const at = Date.now() - started;
      turn += 1;
      const generation = at < 150 || (at < 300 && turn % 2 === 1) ? OLD : NEW;
      if (generation === OLD) lastOld = Date.now();
      return { status: 404, generation };
    };
    const outcome = await runHttpCheck(ctx(), check({ kind: 'generation', file, settleMs: 200 }, 5000, 'aegir-generation.invalid'));
    expect(outcome.status).toBe('ok');
    // It passed only once the new generation had answered alone for the settle time.
    expect(Date.now() - lastOld).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(seen.every((request) => request.host === 'aegir-generation.invalid')).toBe(true);
    expect(outcome.stdout).toContain(`generation ${NEW}`);
  });

  it('waits for the generation the file holds when it is read (a rollback puts the old one back)', async () => {
    const file = await generationFile(OLD);
    const outcome = await runHttpCheck(ctx(), check({ kind: 'generation', file, settleMs: 0 }));
    expect(outcome.status).toBe('ok');
  });

  it('has nothing to wait for without a generation file', async () => {
    const outcome = await runHttpCheck(ctx(), check({ kind: 'generation', file: join(root, 'none.conf'), settleMs: 0 }));
    expect(outcome).toMatchObject({ status: 'ok', stdout: expect.stringContaining('nothing to wait for') });
    expect(seen).toEqual([]);
  });

  it('fails in time, naming the server, its listener, the generation and what answered instead', async () => {
    const file = await generationFile(NEW);
    const started = Date.now();
    const failure = await runHttpCheck(ctx(), check({ kind: 'generation', file, settleMs: 0 }, 500)).catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(failure).toBeInstanceOf(StepFailure);
    expect((failure as Error).message).toBe(
      `@web1 (127.0.0.1:${port}) did not serve the new config (generation ${NEW}) within 0.5 s: last answer 404 from the default server with generation ${OLD}`,
    );
  });

  it('says when the answer is not from an Aegir default server at all, and how to put it in place', async () => {
    const file = await generationFile(NEW);
    answer = () => ({ status: 200 });
    const failure = await runHttpCheck(ctx(), check({ kind: 'generation', file, settleMs: 0 }, 300)).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/last answer 200 without a generation: not the Aegir default server; is the Aegir server config in place\? \(aegir verify @web1\)$/);
  });

  it('says when nothing listens', async () => {
    const file = await generationFile(NEW);
    await new Promise((resolve) => server.close(resolve));
    const failure = await runHttpCheck(ctx(), check({ kind: 'generation', file, settleMs: 0 }, 300)).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/last answer @web1 \(127\.0\.0\.1:\d+\): unreachable: ECONNREFUSED/);
  });
});

describe('a site check', () => {
  it('passes on an accepted status from the site\'s own vhost, asking with its name', async () => {
    answer = (req) => (req.headers.host === 'site.test' ? { status: 302 } : { status: 404, generation: NEW });
    const outcome = await runHttpCheck(ctx(), check({ kind: 'site', statuses: [200, 302] }));
    expect(outcome).toMatchObject({ status: 'ok', stdout: expect.stringMatching(/^302 from its own vhost \(1 request, \d+ ms\)/) });
    expect(seen).toEqual([{ host: 'site.test', path: '/' }]);
  });

  it('keeps asking while the default server answers, and passes when the site does', async () => {
    let calls = 0;
    answer = () => ((calls += 1) < 4 ? { status: 404, generation: NEW } : { status: 200 });
    expect((await runHttpCheck(ctx(), check({ kind: 'site', statuses: [200] }))).status).toBe('ok');
    expect(calls).toBe(4);
  });

  it('fails on the default server, on another status, and on a page without the expected text', async () => {
    const cases: [Answer, HttpExpectation, RegExp][] = [
      [() => ({ status: 404, generation: NEW }), { kind: 'site', statuses: [200] }, /last answer 404 from the default server \(no vhost for this name is live\)$/],
      [() => ({ status: 404 }), { kind: 'site', statuses: [200, 301] }, /did not answer 200\/301 from its own vhost within 0\.3 s: last answer 404 from its own vhost$/],
      [() => ({ status: 503, body: 'down' }), { kind: 'site', statuses: [503], text: 'This site is disabled.' }, /last answer 503 from its own vhost, without "This site is disabled." in its body$/],
    ];
    for (const [reply, expectation, message] of cases) {
      answer = reply;
      const failure = await runHttpCheck(ctx(), check(expectation, 300)).catch((error: unknown) => error);
      expect((failure as Error).message).toMatch(message);
      expect((failure as Error).message).toMatch(new RegExp(`^http://site\\.test/ via @web1 \\(127\\.0\\.0\\.1:${port}\\)`));
    }
  });

  it('of a removed name passes once the default server answers it', async () => {
    let calls = 0;
    answer = () => ((calls += 1) < 3 ? { status: 200 } : { status: 404, generation: NEW });
    expect((await runHttpCheck(ctx(), check({ kind: 'defaultServer' }))).status).toBe('ok');
    answer = () => ({ status: 200 });
    const failure = await runHttpCheck(ctx(), check({ kind: 'defaultServer' }, 300)).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/is still answered by a vhost after 0\.3 s: last answer 200 from a vhost$/);
  });
});
