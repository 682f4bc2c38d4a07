import { describe, expect, it } from 'vitest';
import { exec } from '../plan/build-command-actions.js';
import { createPlan } from '../plan/build-plan.js';
import { LocalTransport } from '../transport/local.js';
import { execute } from './execute.js';
import type { ExecutorEvent } from './types.js';

type Waiting = Extract<ExecutorEvent, { type: 'action-waiting' }>;

describe('execute: long waits', () => {
  it('reports a running action, and a running undo, as still waiting at every interval', async () => {
    const events: ExecutorEvent[] = [];
    const result = await execute(
      createPlan('slow', [
        exec({ id: 'slow', server: '@a', argv: ['sleep', '0.35'], description: 'wait for the slow server',
          undo: { kind: 'exec', argv: ['sleep', '0.35'] } }),
        exec({ id: 'quick', server: '@a', argv: ['true'] }),
        exec({ id: 'boom', server: '@a', argv: ['false'], after: ['slow', 'quick'] }),
      ]),
      { transports: (server) => new LocalTransport(server), onEvent: (event) => events.push(event), waitingEveryMs: 100 },
    );
    expect(result.status).toBe('failed');
    const waiting = events.filter((event): event is Waiting => event.type === 'action-waiting');
    const running = waiting.filter((event) => event.phase === 'run');
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(new Set(running.map((event) => event.id))).toEqual(new Set(['slow']));
    expect(running[0]).toMatchObject({ server: '@a', kind: 'exec', description: 'wait for the slow server' });
    expect(running.map((event) => event.waitedMs)).toEqual([...running.map((event) => event.waitedMs)].sort((a, b) => a - b));
    expect(running[0]?.waitedMs).toBeGreaterThanOrEqual(90);
    const undoing = waiting.filter((event) => event.phase === 'undo');
    expect(undoing.length).toBeGreaterThanOrEqual(2);
    expect(new Set(undoing.map((event) => event.id))).toEqual(new Set(['slow']));
    // Every waiting event comes between its action's start and end (or its undo's start and end).
    const slowEnd = events.findIndex((event) => event.type === 'action-end' && event.result.id === 'slow');
    const undoStart = events.findIndex((event) => event.type === 'undo-start' && event.id === 'slow');
    for (const event of running) expect(events.indexOf(event)).toBeLessThan(slowEnd);
    for (const event of undoing) expect(events.indexOf(event)).toBeGreaterThan(undoStart);
  });

  it('says nothing about actions quicker than the interval', async () => {
    const events: ExecutorEvent[] = [];
    await execute(createPlan('quick', [exec({ id: 'quick', server: '@a', argv: ['true'] })]), {
      transports: (server) => new LocalTransport(server), onEvent: (event) => events.push(event), waitingEveryMs: 1000,
    });
    expect(events.some((event) => event.type === 'action-waiting')).toBe(false);
  });
});
