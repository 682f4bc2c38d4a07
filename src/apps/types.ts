/**
 * What an app kind (drupal, wordpress, mediawiki, php) knows, all in its own folder: where a
 * site's directories are, its settings files and directories, the files the platform needs to pick
 * a site's settings, how its code is recognised, how the web server routes it, how it is
 * installed, updated and logged into, and what a code push must leave alone. Everything here is
 * plain data or pure functions; services and tasks turn it into actions (the field names match the
 * options of `writeFile`, `ensureDir` and `exec` in plan/).
 */
import type { AppCodeFacts, PlatformCodeFacts, ProbedPath } from '../model/platform-code.js';
import type { AppKind as AppKindName } from '../model/platform.js';

export type { AppCodeFacts, AppKindName, PlatformCodeFacts, ProbedPath };

/** Drupal's driver names, also used for every kind: MariaDB/MySQL or PostgreSQL. */
export const DB_DRIVERS = ['mysql', 'pgsql'] as const;
export type DbDriver = (typeof DB_DRIVERS)[number];

/** The site's own database account, as the web heads reach the db server. */
export interface AppDb {
  readonly driver: DbDriver;
  readonly host: string;
  readonly port: number;
  readonly name: string;
  readonly user: string;
  /** Secret: only ever written to settings files (sensitive) and installer stdin. */
  readonly password: string;
}

/** Everything the settings of one site depend on. Build it with `appSiteInput()`. */
export interface AppSiteInput {
  readonly uri: string;
  readonly aliases: readonly string[];
  /** The site's name as the app shows it (wiki or blog title); default the uri. */
  readonly title: string;
  /** `http` or `https`: how the site's own URLs are built. */
  readonly scheme: 'http' | 'https';
  readonly platformRoot: string;
  /** `<root>/sites/<uri>`. */
  readonly siteDir: string;
  /** The uploads directory relative to the platform root, default `sites/<uri>/files`. */
  readonly publicFilesPath: string;
  /** The site's private directory (never served), default `<siteDir>/private`. */
  readonly privateDir: string;
  readonly db: AppDb;
  /** Secret: Drupal's hash salt, MediaWiki's secret key, the seed of WordPress's keys. */
  readonly hashSalt: string;
  /** The group the web server and PHP run as: settings and uploads belong to it. */
  readonly webGroup: string;
  /** A platform fact for Drupal: the settings format. */
  readonly drupalMajor?: 7 | 10 | 11;
}

/** The first administrator an installer creates. */
export interface AppAdmin {
  readonly name: string;
  readonly email: string;
  /** Secret: passed on stdin, never in argv. */
  readonly password: string;
}

/** What an installer needs on top of the site: who runs it and the first admin. */
export interface AppInstallInput extends AppSiteInput {
  /** The user PHP runs as; installers run as this user so caches are not owned by root. */
  readonly webUser: string;
  readonly admin: AppAdmin;
  /** The PHP command line binary on the web head; default `php`. */
  readonly phpBinary?: string;
  /** A platform fact for Drupal: the drush executable of the platform, when it has one. */
  readonly drush?: string;
  /** Drupal install profile; default `standard`. */
  readonly profile?: string;
  /** A platform fact for a generic PHP app: it ships `aegir-install.php`. */
  readonly installScript?: boolean;
}

/** A file to write, e.g. a settings file: `writeFile({ id, server, ...file })`. */
export interface AppFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
  readonly group?: string;
  /** The content holds a secret: never shown, never diffed. */
  readonly sensitive: boolean;
}

/** A directory to ensure: `ensureDir({ id, server, ...directory })`. */
export interface AppDirectory {
  readonly path: string;
  readonly mode: number;
  readonly group?: string;
}

/** A command to run on the web head: `exec({ id, server, ...command })`. */
export interface AppCommand {
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Secrets travel here (a PHP script or a password), never in argv. */
  readonly stdin?: string;
  readonly cwd: string;
  readonly user: string;
  /** stdin and env hold secrets. */
  readonly sensitive: boolean;
  /** One line for people; never holds a secret. */
  readonly description: string;
}

/** One site of a platform, as platform-level files (Drupal's sites.php) need it. */
export interface AppSiteNames {
  readonly uri: string;
  readonly aliases: readonly string[];
}

/**
 * How a site of a kind shows it is served after a change: a cheap page to ask for and the
 * statuses of its normal answer (an app not installed yet may redirect to its installer).
 */
export interface AppLiveCheck {
  /** A path with its query, e.g. `/`. */
  readonly path: string;
  readonly statuses: readonly number[];
}

/** The directories of a site on its platform, as the app kind lays them out. */
export interface SiteDirs {
  readonly siteDir: string;
  /** Relative to the platform root. */
  readonly publicFilesPath: string;
  /** Absolute; never served. */
  readonly privateDir: string;
}

/**
 * Where an app kind puts a site's directories. The settings, the directories and the vhost all
 * read this one layout.
 */
export interface SiteLayout {
  /** The default directories of the site `uri` on a platform at `platformRoot` (absolute, no trailing slash, or `/`). */
  dirsOf(platformRoot: string, uri: string): SiteDirs;
  /** rsync patterns, anchored at the platform root, matching every site's uploads and private directory. */
  readonly pushExcludes: readonly string[];
}

/**
 * How the hub recognises the app's code and reads what it needs from it: which paths to probe
 * (the engine reads them) and what the answers say.
 */
export interface AppCodeProbe {
  /** Files, relative to the platform root, any of which makes the code an app of this kind. */
  readonly markers: readonly string[];
  /** More paths to probe (absolute), e.g. the platform's drush. */
  extraPaths(platformRoot: string): readonly string[];
  /** The kind's own facts from the probed paths (isApp is the markers'). */
  read(platformRoot: string, probed: (path: string) => ProbedPath): Omit<AppCodeFacts, 'isApp'>;
}

/**
 * How the web server routes the app's requests and what of its codebase is never served. Shared
 * by every web server dialect; patterns are fixed text written by the kind, never built from data.
 */
export interface AppWebRules {
  /**
   * Where a request for a path that is no file or directory goes: `index.php` with the
   * query string (a front controller), or nowhere (404, and `index.php` only as directory index).
   */
  readonly frontController: boolean;
  /** Top-level directories of the codebase that are never served (regex alternatives). */
  readonly deniedDirs: readonly string[];
  /** File name endings that are never served (regex alternatives, case-insensitive). */
  readonly deniedExtensions: readonly string[];
}

/** What the app's database updater needs: the site on its (new) platform. */
export interface AppUpdateInput {
  readonly uri: string;
  readonly platformRoot: string;
  /** The user PHP runs as. */
  readonly webUser: string;
  /** The platform's code facts (drush, version). */
  readonly code?: PlatformCodeFacts;
}

/** What a one-time login link needs. */
export interface AppLoginInput {
  /** The platform's alias and root, for the command and for a refusal. */
  readonly platformAlias: string;
  readonly platformRoot: string;
  /** The site's own origin, e.g. `https://d.example.com`. */
  readonly siteUrl: string;
  /** The platform's drush, when it has one. */
  readonly drush?: string;
  readonly webUser: string;
}

/** A command that prints a one-time login link as its last line. */
export interface AppLoginCommand {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly user: string;
}

/** How the settings of a site installed without Aegir are read (`php -r`, see settings-read.ts). */
export interface AppSettingsReader {
  /** The settings file, relative to the site directory. */
  readonly file: string;
  /** A constant PHP program: the settings file comes in AEGIR_SETTINGS, the platform root in AEGIR_PLATFORM. */
  readonly script: string;
}

/** An app kind: one value per kind, in its folder `src/apps/<kind>/`, and one line in the registry. */
export interface AppKind<N extends string = AppKindName> {
  readonly name: N;
  /** Where a site's directories are; the vhost serves the same ones. */
  readonly layout: SiteLayout;
  /** The site's settings files: mode 0440, group = web group, sensitive. */
  settingsFiles(input: AppSiteInput): readonly AppFile[];
  /** The site's directories, parents first. */
  directories(input: AppSiteInput): readonly AppDirectory[];
  /** Files the platform needs so each request finds its site's settings (switch files, sites.php). */
  platformFiles(platformRoot: string, sites: readonly AppSiteNames[]): readonly AppFile[];
  /** The command that installs the app into the site's database, or undefined (none, or the web installer). */
  installer(input: AppInstallInput): AppCommand | undefined;
  /** The command that updates the site's database after a move to another platform, or undefined (none). */
  updater(input: AppUpdateInput): AppCommand | undefined;
  /** The command making a one-time admin login link (it may refuse, e.g. without drush); absent: the app has none. */
  readonly loginLink?: (input: AppLoginInput) => AppLoginCommand;
  /** How its code is recognised and what is read from it. */
  readonly code: AppCodeProbe;
  /** How the web server routes it and what it never serves. */
  readonly web: AppWebRules;
  /** What the hub asks each web head for after a change of the site's vhost, and the answers it accepts. */
  readonly liveCheck: AppLiveCheck;
  /**
   * rsync patterns, anchored at the platform root, that a push of the platform's code never
   * overwrites: every site's uploads, private directory and settings, and the platform files the kind writes.
   */
  readonly pushExcludes: readonly string[];
  /** How the settings of a site installed without Aegir are read; absent: such sites cannot be imported. */
  readonly settingsReader?: AppSettingsReader;
}

/** An app kind that always has a command line installer (MediaWiki, WordPress). */
export type AppKindWithInstaller<N extends string> = Omit<AppKind<N>, 'installer'> & {
  installer(input: AppInstallInput): AppCommand;
};

/** App kinds by name: the registry (src/apps/registry.ts), or a value built from it. */
export type AppRegistry = { readonly [name: string]: AppKind<string> };
