/**
 * Install latency (one site end to end: database, settings, vhost, reload, first HTTP 200 through
 * a web head; the app has no installer) and the hub's footprint with 10,000 site records.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PLATFORM, type BenchEnv } from '../lib/env.js';
import { httpStatus } from '../lib/http.js';
import { BIN } from '../lib/hub.js';
import { addSiteRecords, siteUris } from '../lib/sites.js';
import { figure, percentile, type Figure } from '../lib/stats.js';

/** Each install timed from the command's start to the first 200 through the first web head. */
export async function installLatency(env: BenchEnv, count: number): Promise<{ p50: number; p95: number; samples: number[] }> {
  const samples: number[] = [];
  for (const uri of siteUris('i', count)) {
    const started = performance.now();
    await env.hub.ok(['install', uri, '--platform', PLATFORM, '--db', '@db1']);
    while ((await httpStatus(env.address('web1'), uri)) !== 200) {
      if (performance.now() - started > 30_000) throw new Error(`${uri} never answered 200`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), samples };
}

/** `aegir list sites --json` over 10,000 records, and the RSS of an idle `aegir serve`. */
export async function hubFootprint(env: BenchEnv, records: number, repeats: number): Promise<{ listMs: Figure; rssMb: number }> {
  await addSiteRecords(env, siteUris('h', records), 'new');
  const times: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const listed = await env.hub.ok(['list', 'sites', '--json']);
    const count = (JSON.parse(listed.stdout) as unknown[]).length;
    if (count < records) throw new Error(`list sites printed ${count} sites`);
    times.push(listed.ms);
  }
  const daemon = spawn(process.execPath, [BIN, 'serve'], { env: env.hub.env(), stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${daemon.pid}/status`, 'utf8'))?.[1];
    return { listMs: figure(times), rssMb: Number(rss ?? Number.NaN) / 1024 };
  } finally {
    const exited = new Promise((resolve) => daemon.once('exit', resolve));
    daemon.kill('SIGTERM');
    await exited;
  }
}
