/**
 * An HttpService for a real web server, made from its dialect: where its files go, how it renders
 * the server config, the blocks of a vhost and the generation its default server serves. Which
 * blocks a vhost has, the plan actions and the live checks are the same for every web server;
 * nginx and Apache differ only in their dialect (a folder each, `nginx/` and `apache/`).
 */
import { APP_REGISTRY, type AppRegistry } from '../../apps/index.js';
import { hostName } from './quote.js';
import { webConfigActions } from './plan-actions.js';
import { siteLiveChecks } from './site-live-checks.js';
import { tlsConfigFiles, tlsRemovals } from './tls-files.js';
import type { ConfigFile, HttpService, HttpServiceId, ServedSite, VhostInput, WebServerSettings } from './types.js';
import { renderVhost, type VhostRenderer } from './vhost-blocks.js';

export interface NamedPath {
  readonly name: string;
  readonly path: string;
}

/** TLS keys live in a directory only root reads. */
const TLS_DIR_MODE = 0o700;

export interface WebServerDialect<I extends HttpServiceId = HttpServiceId> {
  /** The dotted id, e.g. `http.nginx`. */
  readonly id: I;
  /** Directories the server config needs, parents first (the last one is the vhost directory). */
  dirs(settings: WebServerSettings): readonly NamedPath[];
  /** Distribution files that conflict with the Aegir server config; removed by server plans. */
  conflicting(settings: WebServerSettings): readonly NamedPath[];
  /** The server-level config for every site the server serves. */
  serverConfig(settings: WebServerSettings, sites: readonly ServedSite[]): ConfigFile[];
  /** Where TLS sites' certificates and keys go (`<aegir dir>/tls`). */
  tlsDir(settings: WebServerSettings): string;
  /** How it writes each block of a vhost. */
  readonly vhost: VhostRenderer;
  /** The file the default server includes: the config generation it names in every answer. */
  generationFile(settings: WebServerSettings): string;
  generationConfig(token: string): string;
  /** How long, after a reload, old workers may still answer new connections. */
  readonly reloadSettleMs: number;
}

export function webHttpService<S extends WebServerSettings, I extends HttpServiceId = HttpServiceId>(dialect: WebServerDialect<I>): HttpService<S, I> {
  const vhostDir = (settings: S): string => dialect.dirs(settings).at(-1)?.path ?? settings.configDir;
  const vhostFile = (uri: string, settings: S): NamedPath => {
    const name = hostName(uri, 'uri');
    return { name: `vhost:${name}`, path: `${vhostDir(settings)}/${name}.conf` };
  };
  const siteVhost = (site: VhostInput, settings: S, apps: AppRegistry = APP_REGISTRY): ConfigFile => ({
    ...vhostFile(site.uri, settings),
    content: renderVhost(dialect.vhost, site, settings, dialect.tlsDir(settings), apps),
  });
  const live = (address: string, settings: S, sites: ReturnType<typeof siteLiveChecks> = []) => ({
    address, port: settings.port, generationFile: dialect.generationFile(settings),
    generationConfig: (token: string) => dialect.generationConfig(token), settleMs: dialect.reloadSettleMs, sites,
  });
  return {
    id: dialect.id,
    serverConfig: (settings, sites = []) => dialect.serverConfig(settings, sites),
    vhostDir,
    siteVhost,
    configTestArgv: (settings) => settings.configTestArgv,
    reloadArgv: (settings) => settings.reloadArgv,
    serverPlanActions: ({ server, address, settings, sites = [], after = [], idPrefix }) => webConfigActions({
      server, after, idPrefix: idPrefix ?? `http:${server}`,
      dirs: dialect.dirs(settings),
      writes: dialect.serverConfig(settings, sites),
      removes: dialect.conflicting(settings),
      configTestArgv: settings.configTestArgv,
      reloadArgv: settings.reloadArgv,
      live: live(address, settings),
    }),
    sitePlanActions: ({ server, address, settings, changes, apps = APP_REGISTRY, after = [], idPrefix }) => {
      const tlsDir = dialect.tlsDir(settings);
      const tlsFiles = changes.flatMap((change) => (change.kind === 'write' ? tlsConfigFiles(change.site, tlsDir) : []));
      return webConfigActions({
        server, after, idPrefix: idPrefix ?? `http:${server}`,
        dirs: tlsFiles.length === 0 ? [] : [{ name: 'tls', path: tlsDir, mode: TLS_DIR_MODE }],
        writes: [...changes.flatMap((change) => (change.kind === 'write' ? [siteVhost(change.site, settings, apps)] : [])), ...tlsFiles],
        removes: changes.flatMap((change) => (change.kind === 'remove'
          ? [vhostFile(change.uri, settings), ...(change.tls === true ? tlsRemovals(change.uri, tlsDir) : [])]
          : [])),
        configTestArgv: settings.configTestArgv,
        reloadArgv: settings.reloadArgv,
        live: live(address, settings, siteLiveChecks(changes, (uri) => vhostFile(uri, settings).name, tlsDir, apps)),
      });
    },
  };
}
