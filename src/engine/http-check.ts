/**
 * httpCheck actions: ask a web server's own listener from the hub until its answer shows what the
 * action expects, or fail when the time is up, saying what answered instead. A generation wait
 * reads the generation the server's config holds now (from the server, each round: a concurrent
 * task may have changed it, a rollback puts the old one back) and waits until the default server
 * serves it, steadily. Changes nothing.
 */
import { GENERATION_HEADER, GENERATION_PATTERN, listenerOf } from '../plan/build-check-actions.js';
import type { HttpCheckAction, HttpExpectation } from '../plan/action.js';
import { httpProbe, type HttpProbeAnswer, type HttpProbeRequest } from '../transport/http-probe.js';
import { StepFailure, type StepContext, type StepOutcome } from './step.js';

/** Pause between two requests while the answer is not the expected one. */
const POLL_MS = 25;
/** Pause between two requests while a generation settles (old workers may still answer). */
const SETTLE_POLL_MS = 5;
/** One request gives up after this long (then the next one is tried, within the action's time). */
const REQUEST_TIMEOUT_MS = 10_000;
/** The last request may run past the action's time by this much, so it can still be answered. */
const MIN_REQUEST_MS = 1000;

export type Probe = (request: HttpProbeRequest) => Promise<HttpProbeAnswer>;

interface Verdict {
  readonly ok: boolean;
  /** What answered, for people: `404 from the default server (generation aegir-…)`. */
  readonly seen: string;
}

export async function runHttpCheck(ctx: StepContext, action: HttpCheckAction, probe: Probe = httpProbe): Promise<StepOutcome> {
  const started = Date.now();
  const deadline = started + action.timeoutMs;
  const header = GENERATION_HEADER.toLowerCase();
  let tries = 0;
  let steadySince: number | undefined;
  let last = 'nothing (no request was answered)';
  for (;;) {
    let wanted: string | undefined;
    if (action.expect.kind === 'generation') {
      wanted = await generationOnServer(ctx, action.expect.file);
      if (wanted === undefined) return { status: 'ok', stdout: `no generation in ${action.expect.file}: nothing to wait for\n` };
    }
    const timeoutMs = Math.min(REQUEST_TIMEOUT_MS, Math.max(MIN_REQUEST_MS, deadline - Date.now()));
    const answer = await probe({ server: action.server, address: action.address, port: action.port, host: action.host, path: action.path, timeoutMs })
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    tries += 1;
    const verdict = judge(action.expect, answer, header, wanted);
    const now = Date.now();
    if (verdict.ok) {
      const settleMs = action.expect.kind === 'generation' ? action.expect.settleMs : 0;
      steadySince ??= now;
      if (now - steadySince >= settleMs) {
        return { status: 'ok', stdout: `${verdict.seen} (${tries} ${tries === 1 ? 'request' : 'requests'}, ${now - started} ms)\n` };
      }
    } else {
      steadySince = undefined;
      last = verdict.seen;
    }
    if (now >= deadline) throw new StepFailure(failureMessage(action, last, wanted));
    await new Promise((resolve) => setTimeout(resolve, verdict.ok ? SETTLE_POLL_MS : Math.min(POLL_MS, Math.max(0, deadline - now))));
  }
}

/** The generation token the server's config holds now; undefined when there is no generation file. */
async function generationOnServer(ctx: StepContext, file: string): Promise<string | undefined> {
  const state = (await ctx.transport.inspect([file])).get(file);
  if (state === undefined || state.type === 'missing') return undefined;
  if (state.type !== 'file') throw new StepFailure(`${file} is not a file`);
  const token = GENERATION_PATTERN.exec(state.content.toString('utf8'))?.[0];
  if (token === undefined) throw new StepFailure(`${file} holds no config generation`);
  return token;
}

function judge(expect: HttpExpectation, answer: HttpProbeAnswer | Error, header: string, wanted: string | undefined): Verdict {
  if (answer instanceof Error) return { ok: false, seen: answer.message };
  const generation = answer.headers[header];
  switch (expect.kind) {
    case 'generation':
      if (generation === undefined) return { ok: false, seen: `${answer.status} without a generation: not the Aegir default server` };
      return { ok: generation === wanted, seen: `${answer.status} from the default server with generation ${generation}` };
    case 'defaultServer':
      return { ok: generation !== undefined, seen: generation === undefined ? `${answer.status} from a vhost` : `${answer.status} from the default server` };
    case 'site': {
      if (generation !== undefined) return { ok: false, seen: `${answer.status} from the default server (no vhost for this name is live)` };
      const textOk = expect.text === undefined || answer.body.includes(expect.text);
      const body = textOk ? '' : `, without "${expect.text ?? ''}" in its body`;
      return { ok: expect.statuses.includes(answer.status) && textOk, seen: `${answer.status} from its own vhost${body}` };
    }
  }
}

function failureMessage(action: HttpCheckAction, last: string, wanted: string | undefined): string {
  const via = `${action.server} (${listenerOf(action.address, action.port)})`;
  const seconds = `${action.timeoutMs / 1000} s`;
  switch (action.expect.kind) {
    case 'generation': {
      const hint = last.includes('not the Aegir default server') ? `; is the Aegir server config in place? (aegir verify ${action.server})` : '';
      return `${via} did not serve the new config (generation ${wanted ?? '?'}) within ${seconds}: last answer ${last}${hint}`;
    }
    case 'site':
      return `http://${action.host}${action.path} via ${via} did not answer ${action.expect.statuses.join('/')} from its own vhost within ${seconds}: last answer ${last}`;
    case 'defaultServer':
      return `http://${action.host}${action.path} via ${via} is still answered by a vhost after ${seconds}: last answer ${last}`;
  }
}
