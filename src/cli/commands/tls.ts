import type { Command } from 'commander';
import type { RenewOutcome } from '../../hosting/index.js';
import { AegirError } from '../../model/errors.js';
import { withStore, type CliContext } from '../cli-context.js';
import { renderJson } from '../render/json.js';
import { taskSummary } from './task-render.js';
import { followToEnd } from './enqueue-follow.js';

interface RenewOptions {
  force?: boolean;
  json?: boolean;
  wait: boolean;
}

/**
 * `aegir tls renew [@site]`: new certificates for TLS sites whose certificate is missing or
 * expires within 30 days (self-signed on the hub, or from the ACME CA set by AEGIR_ACME_DIRECTORY),
 * then a `verify` of each such site places it on every web head (followed live unless --no-wait).
 */
export function registerTls(program: Command, ctx: CliContext): void {
  const group = program.command('tls').description('TLS certificates of sites');
  group
    .command('renew')
    .description('issue or renew the certificates of TLS sites that have none or whose one expires within 30 days, then verify those sites')
    .argument('[site]', 'only this site, e.g. @www.example.com')
    .option('--force', 'renew even certificates that are still current')
    .option('--json', 'print the outcome of each site as JSON')
    .option('--no-wait', 'queue the verify tasks and return')
    .action(async (site: string | undefined, opts: RenewOptions) => {
      const { renewCertificates, acmeSettingsFromEnv } = await import('../../hosting/index.js');
      const outcomes = await withStore(ctx, async (store) => {
        const renewed = await renewCertificates(store, ctx.actor, {
          home: ctx.home,
          acme: () => acmeSettingsFromEnv(process.env),
          ...(site === undefined ? {} : { site }),
          ...(opts.force === true ? { force: true } : {}),
          onSite: (alias) => { if (opts.json !== true) ctx.io.out(`${alias}: issuing a certificate\n`); },
        });
        const verified: string[] = [];
        const queued = renewed.flatMap((o) => (o.status === 'renewed' && o.verifyTask !== undefined ? [o.verifyTask] : []));
        if (!opts.wait && queued.length > 0) {
          const { isDaemonRunning, noDaemonNotice } = await import('../../hosting/index.js');
          if (!(await isDaemonRunning(store))) for (const id of queued) ctx.io.err(`aegir: warning: ${noDaemonNotice(id)}\n`);
        }
        for (const outcome of renewed) {
          if (outcome.status !== 'renewed' || outcome.verifyTask === undefined || !opts.wait) continue;
          const task = await followToEnd(ctx, store, outcome.verifyTask, opts);
          if (opts.json !== true) ctx.io.out(taskSummary(task));
          if (task.status !== 'succeeded') verified.push(`${outcome.site}: its verify task ${task.id} ${task.status}`);
        }
        return { renewed, verified };
      });
      if (opts.json === true) ctx.io.out(renderJson(outcomes.renewed));
      else for (const outcome of outcomes.renewed) ctx.io.out(describe(outcome));
      const failed = outcomes.renewed.filter((o) => o.status === 'failed');
      if (failed.length > 0 || outcomes.verified.length > 0) {
        throw new AegirError('tls_renew_failed', [...failed.map((o) => `${o.site}: ${o.error}`), ...outcomes.verified].join('\n'));
      }
    });
}

function describe(outcome: RenewOutcome): string {
  switch (outcome.status) {
    case 'renewed':
      return `${outcome.site}: new certificate, valid until ${outcome.notAfter}${outcome.verifyTask === undefined ? '' : ` (verify task ${outcome.verifyTask})`}\n`;
    case 'current':
      return `${outcome.site}: current, valid until ${outcome.notAfter}\n`;
    case 'failed':
      return `${outcome.site}: failed: ${outcome.error}\n`;
  }
}
