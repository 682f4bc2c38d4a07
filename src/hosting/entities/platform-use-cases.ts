import { resolve } from 'node:path';
import { checkAliasFree, checkPlatform, checkRemoval, NotFoundError, parseAlias, parsePlatform, type HubPaths, type Platform } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import { checkActor, type Actor } from '../actor.js';
import { applyAssignments, withoutUndefined } from './assignments.js';
import { PLATFORM_SETTABLE } from './settable-fields.js';

/** A platform as typed on the command line. */
export interface PlatformInput {
  readonly alias: string;
  readonly root: string;
  readonly app: string;
  readonly web: string;
  readonly source?: string | undefined;
  readonly locked?: string | boolean | undefined;
}

const SETTABLE = PLATFORM_SETTABLE;

/** The hub's paths as the rules need them: AEGIR_HOME made absolute. */
function hubPaths(hub: HubPaths): HubPaths {
  return { home: resolve(hub.home) };
}

/**
 * Adds a platform served by a web server or a cluster of them. Its root and source are checked
 * against the system, the hub's home (`hub`) and the other platforms before anything is stored.
 */
export async function addPlatform(store: Store, actor: Actor, input: PlatformInput, hub: HubPaths): Promise<Platform> {
  checkActor(actor);
  return await store.transaction(async (tx) => {
    const platform = parsePlatform(withoutUndefined({ ...input }));
    const inv = await tx.loadInventory();
    checkAliasFree(inv, platform.alias);
    checkPlatform(inv, platform, hubPaths(hub));
    await tx.platforms.insert(platform);
    return platform;
  });
}

/**
 * Changes a platform with `KEY=VALUE` (root, app, web, source, locked). Root, app, web and source
 * do not change under installed sites (they move with `aegir migrate`).
 */
export async function setPlatform(store: Store, actor: Actor, alias: string, assignments: readonly string[], hub: HubPaths): Promise<Platform> {
  checkActor(actor);
  const key = parseAlias('platform', alias);
  return await store.transaction(async (tx) => {
    const current = await tx.platforms.get(key);
    if (current === undefined) throw new NotFoundError('platform', key);
    const platform = parsePlatform(applyAssignments(current, assignments, SETTABLE, ['alias']));
    checkPlatform(await tx.loadInventory(), platform, hubPaths(hub));
    await tx.platforms.update(platform);
    return platform;
  });
}

/** Removes a platform that has no sites. */
export async function removePlatform(store: Store, actor: Actor, alias: string): Promise<Platform> {
  checkActor(actor);
  const key = parseAlias('platform', alias);
  return await store.transaction(async (tx) => {
    const current = await tx.platforms.get(key);
    if (current === undefined) throw new NotFoundError('platform', key);
    checkRemoval(await tx.loadInventory(), key);
    await tx.platforms.delete(key);
    return current;
  });
}
