/**
 * What the files services take and give: how a platform's codebase reaches one web head. Pure:
 * the hub's source tree and the platform root come in, plan actions go out.
 */
import type { AppRegistry } from '../../apps/index.js';
import type { Platform } from '../../model/platform.js';
import type { Action } from '../../plan/action.js';

/** The dotted id of a files implementation (they are in the services registry). */
export type FilesServiceId = `files.${string}`;

export interface CodePlacementRequest {
  /** The web head (server alias) the code goes to. */
  readonly server: string;
  readonly platform: Pick<Platform, 'alias' | 'root' | 'source'> & { readonly app: string };
  /** Ids of actions the placement waits for. */
  readonly after?: readonly string[];
  /** Prefix of the action ids; default `files:<server>:<platform>`. */
  readonly idPrefix?: string;
  /** The app kinds the platform's is looked up in; default the registry. */
  readonly apps?: AppRegistry;
}

/**
 * One files implementation. `platformCodeActions` places the codebase of a platform on a web head:
 * one push from the hub's `source` when the platform has one (nothing Aegir writes on the web head,
 * and no uploads, is ever overwritten or deleted), or nothing when the code is expected in place.
 */
export interface FilesService<I extends FilesServiceId = FilesServiceId> {
  readonly id: I;
  platformCodeActions(request: CodePlacementRequest): Action[];
}
