/**
 * What every action constructor shares: the common options, and the final check that
 * validates the action (strict schema) and freezes it.
 */
import type { Action, Undo } from './action.js';
import { parseAction } from './schema.js';

export interface ActionOptions {
  readonly id: string;
  readonly server: string;
  /** Ids of actions that must complete first; default none. */
  readonly after?: readonly string[];
  /** Overrides the constructor's default undo. */
  readonly undo?: Undo;
  /** Overrides the generated one-line description. Never put a secret here. */
  readonly description?: string;
  /** Run only when something it depends on changed (default: true for config tests and reloads). */
  readonly onlyIfChanged?: boolean;
  /** It only checks and leaves nothing behind: it succeeds as `ok`, not `changed` (see `Action`). */
  readonly checkOnly?: boolean;
}

/** Validates a freshly built action (throws `ValidationError` naming the field) and freezes it. */
export function finishAction<T extends Action>(action: T): T {
  parseAction(action, `${action.kind} ${action.id}`);
  return deepFreeze(withoutUndefined(action));
}

/** Common fields from the options, with the kind's default undo and description. */
export function baseFields(
  options: ActionOptions,
  defaults: { readonly undo: Undo; readonly description: string },
  defaultOnlyIfChanged = false,
): { id: string; server: string; description: string; after: readonly string[]; undo: Undo; onlyIfChanged?: true; checkOnly?: true } {
  const onlyIfChanged = options.onlyIfChanged ?? defaultOnlyIfChanged;
  return {
    id: options.id,
    server: options.server,
    description: options.description ?? defaults.description,
    after: [...(options.after ?? [])],
    undo: options.undo ?? defaults.undo,
    ...(onlyIfChanged ? { onlyIfChanged: true as const } : {}),
    ...(options.checkOnly === true ? { checkOnly: true as const } : {}),
  };
}

/** Optional fields left undefined are dropped, so a built action equals its JSON round trip. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const field of Object.values(value)) deepFreeze(field);
  }
  return value;
}
