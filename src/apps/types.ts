/**
 * What an app kind (drupal, wordpress, mediawiki, php) knows: the settings files of a site, the
 * directories a site needs, the files the platform needs to pick a site's settings, and how to
 * run the app's installer. Everything here is plain data; services and tasks turn it into actions
 * (the field names match the options of `writeFile`, `ensureDir` and `exec` in plan/).
 */
import type { AppKind as AppKindName } from '../model/platform.js';

export type { AppKindName };

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

/** An app kind: one value per kind, in the registry. */
export interface AppKind<N extends AppKindName = AppKindName> {
  readonly name: N;
  /** The site's settings files: mode 0440, group = web group, sensitive. */
  settingsFiles(input: AppSiteInput): readonly AppFile[];
  /** The site's directories, parents first. */
  directories(input: AppSiteInput): readonly AppDirectory[];
  /** Files the platform needs so each request finds its site's settings (switch files, sites.php). */
  platformFiles(platformRoot: string, sites: readonly AppSiteNames[]): readonly AppFile[];
  /** The command that installs the app into the site's database, or undefined (none, or the web installer). */
  installer(input: AppInstallInput): AppCommand | undefined;
  /** What the hub asks each web head for after a change of the site's vhost, and the answers it accepts. */
  readonly liveCheck: AppLiveCheck;
}

/** An app kind that always has a command line installer (MediaWiki, WordPress). */
export type AppKindWithInstaller<N extends AppKindName> = Omit<AppKind<N>, 'installer'> & {
  installer(input: AppInstallInput): AppCommand;
};
