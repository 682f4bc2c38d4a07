/**
 * Fleet verify: `aegir verify @php --sites` over N sites, from nothing on the servers (everything
 * to create), with no change, and after one site changed. Wall time of the command, reloads per
 * web head (from the task's result) and bytes the web heads received.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADS, PLATFORM, receivedBytes, type BenchEnv } from '../lib/env.js';
import { taskActions } from '../lib/hub.js';
import { clearSitesFromServers } from '../lib/sites.js';
import { figure, type Figure } from '../lib/stats.js';

export interface FleetRun {
  readonly ms: number;
  readonly reloads: Record<string, number>;
  readonly configTests: Record<string, number>;
  readonly bytes: number;
  readonly changed: number;
}

export interface FleetFigures {
  readonly wallMs: Figure;
  readonly perSiteMs: Figure;
  readonly reloadsPerHead: Figure;
  readonly configTestsPerHead: Figure;
  readonly bytesReceived: Figure;
  readonly changedActions: Figure;
}

export async function fleetVerify(env: BenchEnv): Promise<FleetRun> {
  const before = await receivedBytes(env);
  const ran = await env.hub.aegir(['verify', PLATFORM, '--sites', '--json']);
  const after = await receivedBytes(env);
  if (ran.code !== 0) throw new Error(`fleet verify failed: exit ${ran.code}\n${ran.stdout.slice(-4000)}\n${ran.stderr.slice(-2000)}`);
  const actions = taskActions(ran.stdout);
  // With a profile, the task's result too: when each action started and ended.
  const profile = process.env.BENCH_PROFILE_DIR;
  if (profile !== undefined) writeFileSync(join(profile, `task-${Date.now()}.json`), ran.stdout);
  const count = (kind: string): Record<string, number> => Object.fromEntries(HEADS.map((h) => [h,
    actions.filter((a) => a.kind === kind && a.server === `@${h}` && a.status === 'changed').length +
    (kind === 'configTest' ? actions.filter((a) => a.kind === kind && a.server === `@${h}` && a.status === 'ok').length : 0)]));
  return {
    ms: ran.ms,
    reloads: count('reload'),
    configTests: count('configTest'),
    bytes: HEADS.reduce((sum, h) => sum + ((after[h] ?? 0) - (before[h] ?? 0)), 0),
    changed: actions.filter((a) => a.status === 'changed').length,
  };
}

export function summarise(runs: readonly FleetRun[], sites: number): FleetFigures {
  return {
    wallMs: figure(runs.map((r) => r.ms)),
    perSiteMs: figure(runs.map((r) => r.ms / sites)),
    reloadsPerHead: figure(runs.flatMap((r) => Object.values(r.reloads))),
    configTestsPerHead: figure(runs.flatMap((r) => Object.values(r.configTests))),
    bytesReceived: figure(runs.map((r) => r.bytes)),
    changedActions: figure(runs.map((r) => r.changed)),
  };
}

/** Cold runs (every site removed from the servers first), then unchanged runs, then one-site changes. */
export async function fleetScenario(env: BenchEnv, sites: number, repeats: number, log: (line: string) => void): Promise<{
  cold: FleetFigures; unchanged: FleetFigures; oneChange: FleetFigures;
}> {
  const cold: FleetRun[] = [];
  for (let i = 0; i < repeats; i += 1) {
    await clearSitesFromServers(env, 'f');
    cold.push(await fleetVerify(env));
    log(`  fleet N=${sites} cold #${i + 1}: ${Math.round(cold.at(-1)?.ms ?? 0)} ms`);
  }
  const unchanged: FleetRun[] = [];
  for (let i = 0; i < repeats; i += 1) {
    unchanged.push(await fleetVerify(env));
    log(`  fleet N=${sites} unchanged #${i + 1}: ${Math.round(unchanged.at(-1)?.ms ?? 0)} ms, ${unchanged.at(-1)?.changed} changed`);
  }
  const oneChange: FleetRun[] = [];
  for (let i = 0; i < repeats; i += 1) {
    await env.hub.ok(['site', 'set', '@f00000.bench.test', `aliases=alt${i}-${sites}.bench.test`]);
    oneChange.push(await fleetVerify(env));
    log(`  fleet N=${sites} one change #${i + 1}: ${Math.round(oneChange.at(-1)?.ms ?? 0)} ms, ${oneChange.at(-1)?.changed} changed`);
  }
  return { cold: summarise(cold, sites), unchanged: summarise(unchanged, sites), oneChange: summarise(oneChange, sites) };
}
