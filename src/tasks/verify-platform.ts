/**
 * `verify @platform`: place the codebase on every web head (one push from the hub's source, when
 * the platform has one; otherwise it must be in place), check that it is an app of its kind, and
 * write the platform-level files (switch files, Drupal's sites.php) on every web head. Sites found
 * on disk under `sites/` that Aegir does not know are reported (for import later).
 */
import { appKind } from '../apps/index.js';
import { AegirError, checkDnsName, type Inventory, type Platform } from '../model/index.js';
import { createPlan, writeFile, type Action, type Plan } from '../plan/index.js';
import { filesService } from '../services/files/index.js';
import { ask, type Answers, type FactStep } from '../facts/index.js';
import type { PlatformCodeFacts } from '../facts/platform-code.js';
import { HUB } from './hub-actions.js';
import type { PlanInput } from './types.js';
import { platformOf, sitesOfPlatform, webServersOf } from '../model/navigation.js';

export interface VerifyPlatformFacts {
  /** The code in the hub's source, when the platform has one. */
  readonly source?: PlatformCodeFacts;
  /** The code on each web head now, by server alias. */
  readonly heads: Readonly<Record<string, PlatformCodeFacts>>;
}

/** What a platform verify asks for: the code on every web head, and in the hub's source when it has one. */
export function platformNeeds(inventory: Inventory, target: string) {
  const platform = platformOf(inventory, target);
  return {
    heads: { kind: 'platform-code', servers: webServersOf(inventory, platform).map((head) => head.alias), app: platform.app, root: platform.root },
    source: { kind: 'platform-code', servers: platform.source === undefined ? [] : [HUB], app: platform.app, root: platform.source ?? platform.root },
  } as const;
}

export function platformFactsOf(answers: Answers<ReturnType<typeof platformNeeds>>): VerifyPlatformFacts {
  const source = answers.source[HUB];
  return { heads: answers.heads, ...(source === undefined ? {} : { source }) };
}

export function platformFactStep(inventory: Inventory, target: string): FactStep<VerifyPlatformFacts> {
  return ask(platformNeeds(inventory, target), platformFactsOf);
}

/** Directory names under `sites/` that are never sites. */
const NOT_SITES = new Set(['all', 'default', 'simpletest']);

export function planVerifyPlatform(input: PlanInput<VerifyPlatformFacts>): Plan {
  const platform = platformOf(input.inventory, input.target);
  const heads = webServersOf(input.inventory, platform);
  checkIsApp(platform, input.facts);
  const names = sitesOfPlatform(input.inventory, platform.alias).map((s) => ({ uri: s.uri, aliases: s.aliases }));
  const actions: Action[] = [];
  for (const head of heads) {
    const push = filesService(head.services.files.impl).platformCodeActions({ server: head.alias, platform });
    const files = appKind(platform.app).platformFiles(platform.root, names).map((file) => writeFile({
      id: `files:${head.alias}:${platform.alias}:platform:${file.path.slice(platform.root.length + 1)}`,
      server: head.alias, path: file.path, content: file.content, mode: file.mode, group: file.group, sensitive: file.sensitive,
      after: push.map((action) => action.id),
    }));
    actions.push(...push, ...files);
  }
  return createPlan(`verify ${platform.alias}`, actions);
}

/** The code must be an app of the platform's kind: in the source when there is one, else on every web head. */
function checkIsApp(platform: Platform, facts: VerifyPlatformFacts): void {
  if (platform.source === undefined) {
    const missing = Object.entries(facts.heads).filter(([, code]) => code.rootMissing === true).map(([alias]) => alias);
    if (missing.length > 0) {
      throw new AegirError('platform_root_missing',
        `the directory ${platform.root} does not exist on ${missing.join(', ')}: put the code of ${platform.alias} there (or give it a --source on the hub to push from, 'aegir platform set ${platform.alias} source=DIR')`,
        { exitCode: 2 });
    }
  } else if (facts.source?.rootMissing === true) {
    throw new AegirError('platform_source_missing',
      `the directory ${platform.source} (the source of ${platform.alias}) does not exist on the hub: put the code there, or change it with 'aegir platform set ${platform.alias} source=DIR'`,
      { exitCode: 2 });
  }
  const where = platform.source === undefined
    ? Object.entries(facts.heads).filter(([, code]) => !code.isApp).map(([alias]) => alias)
    : (facts.source?.isApp === true ? [] : [`the hub (${platform.source})`]);
  if (where.length > 0) {
    throw new AegirError('platform_not_app', `${platform.alias} is not a ${platform.app} codebase on ${where.join(', ')} (at ${platform.root}${platform.source === undefined ? '' : `, source ${platform.source}`})`);
  }
}

/** Directories under `sites/` (in the source or on any web head) that look like sites Aegir does not know. */
export function unknownSites(inventory: Inventory, target: string, facts: VerifyPlatformFacts): string[] {
  const known = new Set(inventory.sites.flatMap((s) => [s.uri, ...s.aliases]));
  const found = new Set([...(facts.source?.siteDirs ?? []), ...Object.values(facts.heads).flatMap((code) => code.siteDirs)]);
  platformOf(inventory, target);
  return [...found]
    .filter((name) => !NOT_SITES.has(name) && !known.has(name) && name.includes('.'))
    .filter((name) => { const check = checkDnsName(name); return check.ok && check.value === name; })
    .sort();
}
