/**
 * What each changed site must answer through a web head once the new config is live: an enabled
 * site its app kind's normal answer (or, when its http names redirect to https, that redirect), a
 * disabled site the disabled page, a removed site's name the default server.
 */
import { appKindIn, type AppRegistry } from '../../apps/index.js';
import type { HttpExpectation } from '../../plan/action.js';
import { SITE_DISABLED_TEXT } from './app-rules.js';
import type { SiteLiveCheck } from './live-checks.js';
import { tlsRemovals } from './tls-files.js';
import type { VhostChange, VhostInput } from './types.js';

export function siteLiveChecks(changes: readonly VhostChange[], vhostName: (uri: string) => string, tlsDir: string, apps: AppRegistry): SiteLiveCheck[] {
  return changes.map((change) => {
    if (change.kind === 'remove') {
      const tls = change.tls === true ? tlsRemovals(change.uri, tlsDir).map((file) => file.name) : [];
      return { uri: change.uri, path: '/', expect: { kind: 'defaultServer' }, files: [vhostName(change.uri), ...tls] };
    }
    const { site } = change;
    const tls = site.tls?.certificate === undefined ? [] : tlsRemovals(site.uri, tlsDir).map((file) => file.name);
    return { uri: site.uri, ...expectationOf(site, apps), files: [vhostName(site.uri), ...tls] };
  });
}

function expectationOf(site: VhostInput, apps: AppRegistry): { path: string; expect: HttpExpectation } {
  if (!site.enabled) return { path: '/', expect: { kind: 'site', statuses: [503], text: SITE_DISABLED_TEXT } };
  if (site.tls?.mode === 'required' && site.tls.certificate !== undefined) {
    // Its http names answer with a redirect to https.
    return { path: '/', expect: { kind: 'site', statuses: [301] } };
  }
  const check = appKindIn(apps, site.app).liveCheck;
  return { path: check.path, expect: { kind: 'site', statuses: check.statuses } };
}
