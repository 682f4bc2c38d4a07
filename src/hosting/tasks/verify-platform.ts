/**
 * `verify @platform` as the hub runs it: the facts are what the code holds in the hub's source
 * (when the platform has one) and on each web head; sites found on disk that Aegir does not know
 * are reported as notices.
 */
import { LocalTransport } from '../../transport/index.js';
import { planVerifyPlatform, unknownSites, type VerifyPlatformFacts } from '../../tasks/verify-platform.js';
import { platformOf, webServersOf } from '../../tasks/web-target.js';
import type { TaskDefinition } from './definition.js';
import { probePlatformCode } from './platform-code.js';

export const verifyPlatformTask: TaskDefinition<VerifyPlatformFacts> = {
  verb: 'verify',
  targetKind: 'platform',
  servers: (inventory, target) => webServersOf(inventory, platformOf(inventory, target)).map((s) => s.alias),
  gather: async (connections, inventory, target) => {
    const platform = platformOf(inventory, target);
    const heads = webServersOf(inventory, platform);
    const [source, ...found] = await Promise.all([
      platform.source === undefined ? Promise.resolve(undefined) : probePlatformCode(new LocalTransport('@hub'), platform, platform.source),
      ...heads.map((head) => probePlatformCode(connections.transport(head.alias), platform, platform.root)),
    ]);
    const facts: VerifyPlatformFacts = {
      heads: Object.fromEntries(heads.map((head, i) => [head.alias, found[i] ?? { isApp: false, siteDirs: [] }])),
      ...(source === undefined ? {} : { source }),
    };
    return facts;
  },
  plan: planVerifyPlatform,
  notices: ({ inventory, target, facts }) => {
    const unknown = unknownSites(inventory, target, facts);
    return unknown.length === 0 ? [] : [`sites on disk that Aegir does not know (import them later): ${unknown.join(', ')}`];
  },
};
