/**
 * Every app kind, by name. One explicit table: adding a kind means adding its file and one line
 * here (the `satisfies` clause fails to compile until every name in APP_KINDS has a value).
 */
import type { AppKind as AppKindName } from '../model/platform.js';
import { drupalApp } from './drupal.js';
import { mediawikiApp } from './mediawiki.js';
import { phpApp } from './php-app.js';
import type { AppKind } from './types.js';
import { wordpressApp } from './wordpress.js';

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
