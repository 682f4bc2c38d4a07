/**
 * The benchmark's scenarios, each run once at a tiny size on the fixture: what `npm run bench`
 * measures keeps working (the same env, scenarios and checks), so a change that breaks the harness
 * is caught here and not at the next benchmark run. No timing is asserted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEnv, type BenchEnv } from '../../bench/lib/env.js';
import { addSiteRecords, clearSitesFromServers, deleteSiteRecords, siteCredentials, siteUris } from '../../bench/lib/sites.js';
import { classicVerify, clearFleet, floorVerify, stageFromHeads } from '../../bench/scenarios/baselines.js';
import { fleetScenario, fleetVerify } from '../../bench/scenarios/fleet.js';
import { hubFootprint, installLatency } from '../../bench/scenarios/sites.js';
import { installThroughput } from '../../bench/scenarios/throughput.js';
import { ensureBuilt } from '../cli/aegir-binary.js';
import { describeWithFixture } from '../fixture/index.js';

const SITES = 6;

describeWithFixture('the benchmark scenarios, run small', () => {
  let env: BenchEnv;
  const log = (): void => undefined;

  beforeAll(async () => {
    ensureBuilt();
    env = await startEnv(log);
    await addSiteRecords(env, siteUris('f', SITES));
  }, 180_000);

  afterAll(async () => {
    await env?.dispose();
  });

  it('fleet verify: one config test and reload per head when creating, nothing changed the second time, one reload after one change', { timeout: 180_000 }, async () => {
    const fleet = await fleetScenario(env, SITES, 1, log);
    expect(fleet.cold.reloadsPerHead.median).toBe(1);
    expect(fleet.cold.configTestsPerHead.median).toBe(1);
    expect(fleet.unchanged.changedActions.median).toBe(0);
    expect(fleet.unchanged.reloadsPerHead.max).toBe(0);
    expect(fleet.oneChange.reloadsPerHead.median).toBe(1);
  });

  it('the floor and the classic way run on the same sites', { timeout: 180_000 }, async () => {
    await clearFleet(env);
    await fleetVerify(env);
    const stage = stageFromHeads(env);
    const sites = [...(await siteCredentials(env, siteUris('f', SITES))).values()];
    expect(sites).toHaveLength(SITES);
    await clearFleet(env);
    expect(await floorVerify(env, stage, sites, true)).toBeGreaterThan(0);
    expect(await floorVerify(env, stage, sites, false)).toBeGreaterThan(0);
    await clearFleet(env);
    expect(await classicVerify(env, stage, sites.slice(0, 2))).toBeGreaterThan(0);
  });

  it('install latency and install throughput: every site installed and answering', { timeout: 180_000 }, async () => {
    const latency = await installLatency(env, 2);
    expect(latency.samples).toHaveLength(2);
    const throughput = await installThroughput(env, 5, log);
    expect(throughput.failed).toEqual([]);
    expect(throughput.succeeded).toBe(5);
    expect(throughput.sitesPerSecond).toBeGreaterThan(0);
    await clearSitesFromServers(env, 't');
    await deleteSiteRecords(env, siteUris('t', 5));
  });

  it('hub footprint: the listing holds the added records, the daemon has a resident size', { timeout: 180_000 }, async () => {
    const footprint = await hubFootprint(env, 200, 1);
    expect(footprint.listMs.n).toBe(1);
    expect(footprint.rssMb).toBeGreaterThan(10);
  });
});
