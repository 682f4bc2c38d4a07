import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { Store } from '../../hosting/index.js';
import { collect } from './collect.js';
import { withVerifyFlag, type VerifyFlag } from './entity-change.js';

/** The options `site add` and `site set` share. */
export interface SiteFieldOptions extends VerifyFlag {
  platform?: string;
  db?: string;
  alias: string[];
  redirect?: boolean;
  client?: string;
  tls?: string;
  tlsIssuer?: string;
}

export function withSiteFields(command: Command, required: boolean): Command {
  const platform = 'the platform it runs on';
  const db = 'the server that holds its database';
  const withRequired = required
    ? command.requiredOption('--platform <alias>', platform).requiredOption('--db <alias>', db)
    : command.option('--platform <alias>', `${platform} (a site not installed yet; an installed one moves with 'aegir migrate')`)
      .option('--db <alias>', `${db} (likewise)`);
  return withVerifyFlag(withRequired
    .option('--alias <names>', 'the other names the site answers to (replacing them on set), repeatable or comma-separated', collect, [])
    .option('--redirect', 'the aliases redirect (301) to the uri')
    .option('--no-redirect', 'the aliases serve the site')
    .option('--client <name>', 'the client that owns it')
    .option('--tls <mode>', 'https: off, on (beside http) or required (http redirects to https)')
    .option('--tls-issuer <issuer>', 'who issues the certificate: self-signed (default) or acme'));
}

/** After a change of TLS: a self-signed certificate made now, or how to get one from the ACME CA. */
export async function ensureCertificate(ctx: CliContext, store: Store, alias: string): Promise<'issued' | 'current' | 'acme' | 'off'> {
  const [{ ensureSelfSignedCertificate }, { acmeSettingsFromEnv }] = await Promise.all([
    import('../../hosting/index.js'), import('../../hosting/index.js'),
  ]);
  return await ensureSelfSignedCertificate(store, ctx.actor, alias, { home: ctx.home, acme: () => acmeSettingsFromEnv(process.env) });
}

export function certificateLine(certificate: string, names: readonly string[], alias: string): string {
  if (certificate === 'issued') return `made a self-signed certificate for ${names.join(', ')}\n`;
  if (certificate === 'acme') return `get its certificate from the ACME CA with 'aegir tls renew ${alias}'\n`;
  return '';
}
