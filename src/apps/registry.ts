/**
 * Every app kind, by name. One explicit table: adding a kind means adding its folder
 * (`src/apps/<kind>/`) and one line here (the `satisfies` clause fails to compile until every
 * name in APP_KINDS, the names the model accepts for a platform, has a value, and refuses a name
 * that is not one). Planners take the table as a value (`AppRegistry`), so a test can plan with
 * the table plus a kind of its own without changing this one.
 */
import { ValidationError } from '../model/errors.js';
import type { AppKind as AppKindName } from '../model/platform.js';
import { drupalApp } from './drupal/kind.js';
import { mediawikiApp } from './mediawiki/kind.js';
import { phpApp } from './php/kind.js';
import type { AppKind, AppRegistry } from './types.js';
import { wordpressApp } from './wordpress/kind.js';

export const APP_REGISTRY = {
  drupal: drupalApp,
  wordpress: wordpressApp,
  mediawiki: mediawikiApp,
  php: phpApp,
} as const satisfies { readonly [N in AppKindName]: AppKind<N> };

/** The app kind of a platform, typed by its name: `appKind('mediawiki').installer(...)`. */
export function appKind<N extends AppKindName>(name: N): (typeof APP_REGISTRY)[N] {
  return APP_REGISTRY[name];
}

/** The kind named `name` in `apps` (the registry, or a value built from it); refused clearly when there is none. */
export function appKindIn(apps: AppRegistry, name: string): AppKind<string> {
  const kind = Object.hasOwn(apps, name) ? apps[name] : undefined;
  if (kind === undefined) throw new ValidationError('app', name, `is not an app kind (one of: ${Object.keys(apps).join(', ')})`);
  return kind;
}
