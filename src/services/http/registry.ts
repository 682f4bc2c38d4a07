/**
 * The http implementations, one value each, in one explicit table. `httpService(impl)` is typed
 * by its implementation; `bindHttpService(server.services.http)` gives a service with the
 * server's settings already applied, for planners that hold a server of any implementation.
 */
import type { HttpService as HttpServiceEntry } from '../../model/service-bundle.js';
import type { ServiceImpl } from '../../model/service.js';
import type { SettingsOf } from '../../model/settings/registry.js';
import { apacheHttpService } from './apache/service.js';
import { nginxHttpService } from './nginx/service.js';
import { nullHttpService } from './null-service.js';
import type { ConfigFile, HttpPlanRequest, HttpService, HttpServiceId, SitePlanRequest, VhostInput } from './types.js';
import type { Action } from '../../plan/action.js';

export const HTTP_SERVICES = {
  nginx: nginxHttpService,
  apache: apacheHttpService,
  null: nullHttpService,
} as const satisfies { [I in ServiceImpl<'http'>]: HttpService<SettingsOf<`http.${I}`>> };

export function httpService<I extends ServiceImpl<'http'>>(impl: I): (typeof HTTP_SERVICES)[I] {
  return HTTP_SERVICES[impl];
}

type Unbound<R> = Omit<R, 'settings'>;

/** An http service with one server's settings applied. */
export interface BoundHttpService {
  readonly id: HttpServiceId;
  serverConfig(): readonly ConfigFile[];
  vhostDir(): string | undefined;
  siteVhost(site: VhostInput): ConfigFile | undefined;
  configTestArgv(): readonly string[] | undefined;
  reloadArgv(): readonly string[] | undefined;
  serverPlanActions(request: Unbound<HttpPlanRequest<unknown>>): Action[];
  sitePlanActions(request: Unbound<SitePlanRequest<unknown>>): Action[];
}

/** The http service of a server's bundle entry (`server.services.http`), bound to its settings. */
export function bindHttpService(entry: HttpServiceEntry): BoundHttpService {
  switch (entry.impl) {
    case 'nginx':
      return bind(nginxHttpService, entry.settings);
    case 'apache':
      return bind(apacheHttpService, entry.settings);
    case 'null':
      return bind(nullHttpService, entry.settings);
  }
}

function bind<S>(service: HttpService<S>, settings: S): BoundHttpService {
  return {
    id: service.id,
    serverConfig: () => service.serverConfig(settings),
    vhostDir: () => service.vhostDir(settings),
    siteVhost: (site) => service.siteVhost(site, settings),
    configTestArgv: () => service.configTestArgv(settings),
    reloadArgv: () => service.reloadArgv(settings),
    serverPlanActions: (request) => service.serverPlanActions({ ...request, settings }),
    sitePlanActions: (request) => service.sitePlanActions({ ...request, settings }),
  };
}
