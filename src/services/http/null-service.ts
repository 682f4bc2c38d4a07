/** `http.null`: the server serves no web sites; every method gives nothing. */
import type { HttpNullSettings } from '../../model/settings/http-null.js';
import type { HttpService } from './types.js';

export const nullHttpService: HttpService<HttpNullSettings, 'http.null'> = {
  id: 'http.null',
  serverConfig: () => [],
  vhostDir: () => undefined,
  siteVhost: () => undefined,
  configTestArgv: () => undefined,
  reloadArgv: () => undefined,
  serverPlanActions: () => [],
  sitePlanActions: () => [],
};
