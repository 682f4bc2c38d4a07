/**
 * The http service of a server's bundle entry (`server.services.http`) with the server's settings
 * already applied, for planners that hold a server of any implementation. Typed by the entry's
 * implementation through the services registry: no switch over names, no cast.
 */
import type { AppRegistry } from '../../apps/index.js';
import type { HttpService as HttpServiceEntry } from '../../model/service-bundle.js';
import type { ServiceImpl } from '../../model/service.js';
import type { Action } from '../../plan/action.js';
import { HTTP_SERVICES, type HttpSettingsOf } from '../registry.js';
import type { ConfigFile, HttpService, HttpServiceId, ServedSite, ServerPlanRequest, SitePlanRequest, VhostInput } from './types.js';

type Unbound<R> = Omit<R, 'settings'>;

/** An http service with one server's settings applied. */
export interface BoundHttpService {
  readonly id: HttpServiceId;
  serverConfig(sites?: readonly ServedSite[]): readonly ConfigFile[];
  vhostDir(): string | undefined;
  siteVhost(site: VhostInput, apps?: AppRegistry): ConfigFile | undefined;
  configTestArgv(): readonly string[] | undefined;
  reloadArgv(): readonly string[] | undefined;
  serverPlanActions(request: Unbound<ServerPlanRequest<unknown>>): Action[];
  sitePlanActions(request: Unbound<SitePlanRequest<unknown>>): Action[];
}

/** Each implementation typed by its own settings, so that an entry's settings fit its service. */
const BY_IMPL: { readonly [I in ServiceImpl<'http'>]: HttpService<HttpSettingsOf[I]> } = HTTP_SERVICES;

/** The http service of a server's bundle entry, bound to its settings. */
export function bindHttpService(entry: HttpServiceEntry): BoundHttpService {
  return bindEntry(entry);
}

function bindEntry<I extends ServiceImpl<'http'>>(entry: { readonly impl: I; readonly settings: HttpSettingsOf[I] }): BoundHttpService {
  return bindSettings(BY_IMPL[entry.impl], entry.settings);
}

/** Any http service (one of the registry's, or one a test builds) bound to settings of its type. */
export function bindSettings<S>(service: HttpService<S>, settings: S): BoundHttpService {
  return {
    id: service.id,
    serverConfig: (sites) => service.serverConfig(settings, sites),
    vhostDir: () => service.vhostDir(settings),
    siteVhost: (site, apps) => service.siteVhost(site, settings, apps),
    configTestArgv: () => service.configTestArgv(settings),
    reloadArgv: () => service.reloadArgv(settings),
    serverPlanActions: (request) => service.serverPlanActions({ ...request, settings }),
    sitePlanActions: (request) => service.sitePlanActions({ ...request, settings }),
  };
}
