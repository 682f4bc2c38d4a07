/**
 * What the http services take and give: the facts of one site's vhost, the settings of a web
 * server, rendered config files, and the requests for plan actions. Pure data.
 */
import type { AppRegistry } from '../../apps/index.js';
import type { Action } from '../../plan/action.js';
import type { Secret } from '../../model/secrets.js';

/** The settings every real web server implementation has (http.nginx and http.apache share them). */
export interface WebServerSettings {
  readonly port: number;
  readonly reloadArgv: readonly string[];
  readonly configTestArgv: readonly string[];
  /** The web server's own config root, e.g. /etc/nginx or /etc/apache2. */
  readonly configDir: string;
  /** The PHP-FPM socket PHP requests go to. */
  readonly phpFpmSocket: string;
  readonly webGroup: string;
  /** The https port (default 443). */
  readonly tlsPort?: number;
}

/** The dotted id of an http implementation (those of a server record are in the services registry). */
export type HttpServiceId = `http.${string}`;

/** One site as its vhost sees it. All paths are absolute; `docRoot` is the platform root. */
export interface VhostInput {
  readonly uri: string;
  readonly aliases: readonly string[];
  /** The aliases answer with a 301 to the uri instead of serving the site. */
  readonly redirect: boolean;
  /** A disabled site answers every path on every name with the "site disabled" page (HTTP 503). */
  readonly enabled: boolean;
  readonly docRoot: string;
  /** `<docRoot>/sites/<uri>`. */
  readonly siteDir: string;
  /** The uploads directory: served as static files, never runs PHP. Default `<siteDir>/files`. */
  readonly publicFilesDir: string;
  /** Never served. Default `<siteDir>/private`. */
  readonly privateFilesDir: string;
  /** The app kind's name, as the app registry knows it: its web rules and live check. */
  readonly app: string;
  /** https for the site; absent: http only. */
  readonly tls?: VhostTls;
}

/**
 * https of a site's vhost. Without a certificate (not issued yet) only http is served, but the
 * ACME challenge path stays reachable on every name. `required`: http redirects to https
 * (except the ACME challenge path).
 */
export interface VhostTls {
  readonly mode: 'on' | 'required';
  readonly certificate?: { readonly chain: string; readonly key: Secret };
}

/** A rendered config file and where it goes on the web server. `name` is a short label for action ids. */
export interface ConfigFile {
  readonly name: string;
  readonly path: string;
  readonly content: string;
  /** Default 0644 (web configs hold no secrets); a TLS key is 0600. */
  readonly mode?: number;
  /** The content holds a secret (a TLS key): never shown, never diffed. */
  readonly sensitive?: boolean;
}

/** A vhost to write (create or replace), or the vhost of a uri to remove. */
export type VhostChange =
  | { readonly kind: 'write'; readonly site: VhostInput }
  | { readonly kind: 'remove'; readonly uri: string; readonly tls?: boolean };

/** Common fields of the plan requests. */
export interface HttpPlanRequest<S> {
  /** The server alias the actions run on, e.g. `@web1`. */
  readonly server: string;
  /** The server's host, where the hub reaches its http listener to see a change is live (`server.host`). */
  readonly address: string;
  readonly settings: S;
  /** Ids of actions the first writes wait for (e.g. the platform push). */
  readonly after?: readonly string[];
  /** Prefix of the action ids; default `http:<server>`. Give distinct prefixes for several requests in one plan. */
  readonly idPrefix?: string;
}

/** The names of a site the server serves, as its server-level config needs them (nginx sizes its name hash by them). */
export interface ServedSite {
  readonly uri: string;
  readonly aliases: readonly string[];
}

export interface ServerPlanRequest<S> extends HttpPlanRequest<S> {
  /** Every site the server serves; default none. */
  readonly sites?: readonly ServedSite[];
}

export interface SitePlanRequest<S> extends HttpPlanRequest<S> {
  readonly changes: readonly VhostChange[];
  /** The app kinds the sites' are looked up in; default the registry. */
  readonly apps?: AppRegistry;
}

/**
 * One http implementation: turns "this server / these sites need a web config" into files and
 * plan actions. Every method is pure. `S` is the implementation's settings type.
 */
export interface HttpService<S, I extends HttpServiceId = HttpServiceId> {
  readonly id: I;
  /** The server-level config files (default vhost, includes) for the sites it serves; none for http.null. */
  serverConfig(settings: S, sites?: readonly ServedSite[]): readonly ConfigFile[];
  /** Where the vhosts of sites live; undefined for http.null. */
  vhostDir(settings: S): string | undefined;
  /** The vhost of one site, with its app kind's rules from `apps` (default the registry); undefined for http.null. */
  siteVhost(site: VhostInput, settings: S, apps?: AppRegistry): ConfigFile | undefined;
  /** The argv that tests the whole config; undefined for http.null. */
  configTestArgv(settings: S): readonly string[] | undefined;
  /** The argv that makes the server load the new config; undefined for http.null. */
  reloadArgv(settings: S): readonly string[] | undefined;
  /**
   * Directories, server-level files, removal of the distribution's default site, one test, one
   * reload, and a wait until the new config answers.
   */
  serverPlanActions(request: ServerPlanRequest<S>): Action[];
  /**
   * Vhost writes and removals, then one config test, one reload, a wait until the new config
   * answers and a check of each changed site through the server's listener; nothing when there is no change.
   */
  sitePlanActions(request: SitePlanRequest<S>): Action[];
}
