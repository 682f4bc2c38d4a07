/**
 * `aegir login @site`: a one-time administrator login link, made on the site's first web head by
 * its app (Drupal: drush user:login). The link is a credential: returned to the caller only,
 * never logged.
 */
import { AegirError } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { requireInstalled } from '../../tasks/site-scope.js';
import { webGroupOf } from '../../tasks/site-actions.js';
import { platformOf, siteOf, webServersOf } from '../../model/navigation.js';
import { checkActor, type Actor } from '../actor.js';
import { siteAlias } from '../entities/site-use-cases.js';
import { TaskConnections } from './connections.js';
import { checkLoginAvailable, loginCommand } from './login-command.js';
import { probePlatformCode } from '../../engine/facts/platform-code.js';

const LOGIN_TIMEOUT_MS = 60_000;

export async function siteLoginLink(store: Store, actor: Actor, ref: string, options: { readonly home: string }): Promise<string> {
  checkActor(actor);
  const inventory = await store.loadInventory();
  const site = siteOf(inventory, siteAlias(ref));
  const platform = platformOf(inventory, site.platform);
  checkLoginAvailable(site, platform);
  requireInstalled(site, 'make a login link for');
  const [head] = webServersOf(inventory, platform);
  if (head === undefined) throw new AegirError('no_web_heads', `platform ${platform.alias} has no web server`);
  const connections = new TaskConnections(inventory, options.home);
  try {
    const transport = connections.transport(head.alias);
    const code = await probePlatformCode(transport, platform, platform.root);
    const command = loginCommand(site, platform, code.drush, webGroupOf(head));
    const result = await transport.exec({ ...command, timeoutMs: LOGIN_TIMEOUT_MS });
    const link = result.stdout.trim().split('\n').pop()?.trim() ?? '';
    if (result.exitCode !== 0 || !/^https?:\/\/\S+$/.test(link)) {
      throw new AegirError('login_failed', `drush user:login for ${site.alias} on ${head.alias} failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
    }
    return link;
  } finally {
    await connections.close();
  }
}
