/**
 * `npm run bench [-- --quick]`: brings up the fixture, builds the scenarios through Aegir's own
 * interfaces, measures them (Aegir, classic Aegir 3 style and the floor in the same run), prints
 * a table and writes bench/results/bench-<mode>-<time>.json.
 */
import { join } from 'node:path';
import { HEADS, startEnv } from './lib/env.js';
import { ROOT } from './lib/hub.js';
import { describeMachine } from './lib/machine.js';
import { table, writeResults, type Row } from './lib/report.js';
import { addSiteRecords, clearSitesFromServers, deleteSiteRecords, siteCredentials, siteUris } from './lib/sites.js';
import { figure, ratio, type Figure } from './lib/stats.js';
import { classicVerify, clearFleet, floorVerify, stageFromHeads } from './scenarios/baselines.js';
import { measureDispatch } from './dispatch.js';
import { fleetScenario, fleetVerify } from './scenarios/fleet.js';
import { hubFootprint, installLatency } from './scenarios/sites.js';
import { installThroughput } from './scenarios/throughput.js';

const quick = process.argv.includes('--quick');
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (name: string): boolean => only === undefined || only.includes(name);
const repeatsArg = process.argv.find((arg) => arg.startsWith('--repeats='))?.slice('--repeats='.length);
const fleetArg = process.argv.find((arg) => arg.startsWith('--fleet='))?.slice('--fleet='.length);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const config = quick
  ? { fleet: [100], repeats: 2, classicSample: 8, floorRepeats: 3, installs: 10, throughput: 100, records: 10_000, listRepeats: 2, dispatchTasks: 20 }
  : { fleet: [100, 1000], repeats: 3, classicSample: 25, floorRepeats: 3, installs: 20, throughput: 100, records: 10_000, listRepeats: 3, dispatchTasks: 50 };

async function main(): Promise<void> {
  if (repeatsArg !== undefined) config.repeats = Math.max(1, Number(repeatsArg));
  if (fleetArg !== undefined) config.fleet = fleetArg.split(',').map(Number).filter((n) => n > 0);
  const machine = await describeMachine();
  log(`machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB; node ${machine.node}, nginx ${machine.nginx}, mariadb ${machine.mariadb}`);
  const env = await startEnv(log);
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  const errors: string[] = [];
  try {
    let added = 0;
    for (const n of wants('fleet') ? config.fleet : []) {
      await addSiteRecords(env, siteUris('f', n - added, added));
      added = n;
      log(`fleet verify, N=${n}`);
      const fleet = await fleetScenario(env, n, config.repeats, log);
      raw[`fleet${n}`] = fleet;
      rows.push(
        { name: `fleet N=${n}: all to create, wall`, unit: 's', value: fleet.cold.wallMs, target: n === 1000 ? '< 5 s' : '' },
        { name: `fleet N=${n}: all to create, per site`, unit: 'ms', value: fleet.cold.perSiteMs },
        { name: `fleet N=${n}: reloads per web head`, unit: 'n', value: fleet.cold.reloadsPerHead, target: '1' },
        { name: `fleet N=${n}: config tests per web head`, unit: 'n', value: fleet.cold.configTestsPerHead, target: '1' },
        { name: `fleet N=${n}: bytes to web heads`, unit: 'B', value: fleet.cold.bytesReceived, note: 'both heads, all traffic' },
        { name: `fleet N=${n}: unchanged, wall`, unit: 's', value: fleet.unchanged.wallMs, target: n === 1000 ? '< 1 s' : '' },
        { name: `fleet N=${n}: unchanged, reloads per head`, unit: 'n', value: fleet.unchanged.reloadsPerHead, target: '0' },
        { name: `fleet N=${n}: unchanged, changed actions`, unit: 'n', value: fleet.unchanged.changedActions, target: '0' },
        { name: `fleet N=${n}: unchanged, bytes to web heads`, unit: 'B', value: fleet.unchanged.bytesReceived, note: 'ssh inspect traffic, no file' },
        { name: `fleet N=${n}: one site changed, wall`, unit: 's', value: fleet.oneChange.wallMs },
        { name: `fleet N=${n}: one site changed, reloads per head`, unit: 'n', value: fleet.oneChange.reloadsPerHead, target: '1' },
      );

      // The baselines push what Aegir placed: stage it from a head after a cold Aegir run.
      await clearFleet(env);
      await fleetVerify(env);
      const stage = stageFromHeads(env);
      const sites = [...(await siteCredentials(env, siteUris('f', n))).values()];
      const floorCold: number[] = [];
      const floorWarm: number[] = [];
      for (let i = 0; i < config.floorRepeats; i += 1) {
        await clearFleet(env);
        floorCold.push(await floorVerify(env, stage, sites, true));
        floorWarm.push(await floorVerify(env, stage, sites, false));
      }
      log(`  floor N=${n}: ${floorCold.map((ms) => Math.round(ms)).join(', ')} ms; no change ${floorWarm.map((ms) => Math.round(ms)).join(', ')} ms`);
      const sample = Math.min(config.classicSample, n);
      await clearFleet(env);
      const classicMs = await classicVerify(env, stage, sites.slice(0, sample));
      const classicPerSite = classicMs / sample;
      log(`  classic: ${sample} sites in ${Math.round(classicMs)} ms (${Math.round(classicPerSite)} ms per site)`);
      const classicTotal: Figure = figure([classicPerSite * n]);
      const floor = figure(floorCold);
      raw[`baselines${n}`] = { floorCold, floorWarm, classicSample: sample, classicMs };
      rows.push(
        { name: `floor N=${n}: all to create`, unit: 's', value: floor },
        { name: `floor N=${n}: no change (rsync only)`, unit: 's', value: figure(floorWarm) },
        { name: `classic N=${n}: one task per site`, unit: 's', value: classicTotal, note: `${sample} sites measured, x${n / sample} (serial, per site)` },
        { name: `classic N=${n}: per site`, unit: 'ms', value: figure([classicPerSite]) },
        { name: `ratio classic / Aegir, N=${n}`, unit: 'x', value: ratio(classicTotal, fleet.cold.wallMs), target: '>= 50x' },
        { name: `ratio Aegir / floor, N=${n}`, unit: 'x', value: ratio(fleet.cold.wallMs, floor), target: '<= 3x' },
      );
      // Leave the fleet converged for the next N.
      await fleetVerify(env);
    }
    if (wants('install')) {
      log(`install latency over ${config.installs} sites`);
      const latency = await installLatency(env, config.installs);
      raw.install = latency;
      rows.push(
        { name: 'install latency p50 (to first HTTP 200)', unit: 'ms', value: figure([latency.p50]), target: '< 500 ms', note: `${config.installs} installs, CLI start included` },
        { name: 'install latency p95', unit: 'ms', value: figure([latency.p95]) },
      );
    }
    if (wants('throughput')) {
      log(`install throughput: ${config.throughput} installs queued at once, run by aegir serve`);
      const t = await installThroughput(env, config.throughput, log);
      raw.throughput = t;
      log(`  ${t.sitesPerSecond.toFixed(2)} sites/s (${Math.round(t.wallMs)} ms), ${t.succeeded} succeeded, ${t.failed.length} failed; reloads ${JSON.stringify(t.reloads)}`);
      const runs = t.runs.map((r) => `${r.tasks}@${(r.startMs / 1000).toFixed(1)}-${(r.endMs / 1000).toFixed(1)}s`);
      log(`  ${runs.length} runs (tasks@start-end)${runs.length <= 12 ? `: ${runs.join(' ')}` : ''}`);
      for (const f of t.failed) errors.push(`install of ${f.site} (task ${f.task}) ${f.status}: ${f.error}`);
      for (const p of t.daemonProblems) log(`  aegir serve ${p.level === 50 ? 'error' : 'warning'}: ${JSON.stringify(p)}`);
      const shown = ['workers', 'perServerLimit', 'groupLimit'].filter((k) => k in t.settings);
      const settings = `defaults: ${shown.map((k) => `${k} ${String(t.settings[k])}`).join(', ')}`;
      rows.push(
        { name: `install throughput, ${t.sites} queued at once`, unit: 'sites/s', value: figure([t.sitesPerSecond]), note: `${(t.wallMs / 1000).toFixed(1)} s to all ended and HTTP 200; ${settings}` },
        { name: 'install throughput: tasks succeeded', unit: 'n', value: figure([t.succeeded]), target: String(t.sites) },
        { name: 'install throughput: tasks failed', unit: 'n', value: figure([t.failed.length]), target: '0' },
        { name: 'install throughput: reloads per web head', unit: 'n', value: figure(Object.values(t.reloads)), note: 'changed reload actions in the results' },
        { name: 'install throughput: queued to finished p50', unit: 's', value: figure([t.taskMs.p50]) },
        { name: 'install throughput: queued to finished p95', unit: 's', value: figure([t.taskMs.p95]) },
      );
      // Off the servers and out of the store: the footprint counts its own records.
      await clearSitesFromServers(env, 't');
      await deleteSiteRecords(env, siteUris('t', config.throughput));
    }
    if (wants('footprint')) {
      log(`hub footprint with ${config.records} more site records`);
      const footprint = await hubFootprint(env, config.records, config.listRepeats);
      raw.footprint = footprint;
      rows.push(
        { name: `aegir list sites --json (${config.records}+ sites)`, unit: 's', value: footprint.listMs, target: '< 0.5 s' },
        { name: 'aegir serve RSS, idle', unit: 'MB', value: figure([footprint.rssMb]), target: '< 150 MB' },
      );
    }
  } finally {
    await env.dispose();
  }
  if (wants('dispatch')) {
    log('dispatch latency (SQLite, PostgreSQL)');
    const dispatch = await measureDispatch({ tasks: config.dispatchTasks, log });
    raw.dispatch = dispatch;
    for (const d of dispatch) {
      rows.push({ name: `dispatch ${d.backend}: enqueue to start p50`, unit: 'ms', value: figure([d.p50Ms]), target: '< 20 ms', note: `p95 ${d.p95Ms} ms, n=${d.n}` });
    }
  }
  log('');
  process.stdout.write(`${table(rows)}\n\n`);
  process.stdout.write(`machine: ${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB RAM; node ${machine.node}, nginx ${machine.nginx}, MariaDB ${machine.mariadb}, rsync ${machine.rsync}, ${machine.openssh}; web heads: ${HEADS.length}\n`);
  const file = writeResults(join(ROOT, 'bench/results'), { machine, mode: quick ? 'quick' : 'full', rows, raw });
  process.stdout.write(`results: ${file}\n`);
  if (errors.length > 0) {
    process.stderr.write(`bench: ${errors.length} errors\n${errors.map((e) => `  ${e}\n`).join('')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
