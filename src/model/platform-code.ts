/**
 * What a platform's codebase holds, as the hub found it: the types shared by the app kinds (which
 * say what to probe and how to read it) and the fact reader (which probes). Pure types.
 */

/** A probed path: missing, a directory, a file (with its text) or something else. */
export type ProbedPath = { readonly type: 'missing' | 'dir' | 'other' } | { readonly type: 'file'; readonly content: string };

/** What an app kind reads from its own probed paths. */
export interface AppCodeFacts {
  /** The app kind's marker file is there (e.g. `includes/DefaultSettings.php` for MediaWiki). */
  readonly isApp: boolean;
  /** Drupal: the settings format (8 to 10 write the 10 format). */
  readonly drupalMajor?: 7 | 10 | 11;
  /** Drupal: the platform's drush, when it has one. */
  readonly drush?: string;
  /** A generic PHP platform ships `aegir-install.php`, run once per site by install. */
  readonly installScript?: boolean;
}

export interface PlatformCodeFacts extends AppCodeFacts {
  /** The names of the directories under `sites/`. */
  readonly siteDirs: readonly string[];
  /** The root itself is not there (a typo, or the code was never copied): said as such. */
  readonly rootMissing?: true;
}
