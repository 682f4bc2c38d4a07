/**
 * What makes a web config change live, as plan actions: the change's generation written into the
 * file the default server includes (a token derived from the change's files), a wait after the
 * reload until the server's own listener serves that generation steadily, then one check per
 * changed site through that listener. Unchanged sites are not checked (`changedBy`); the checks
 * run side by side within the executor's limits.
 *
 * The generation file has one path per server and the wait reads the token from it when it runs,
 * so plans merged for a group (each member writing its own generation) wait for whichever was
 * written last, and a rollback waits for the old one it put back.
 */
import type { Action, HttpExpectation, WriteFileAction } from '../../plan/action.js';
import { GENERATION_HOST, GENERATION_PATH, generationToken, httpCheck } from '../../plan/build-check-actions.js';
import { writeFile } from '../../plan/build-file-actions.js';
import type { WebConfigChange } from './plan-actions.js';

export interface LiveCheck {
  /** Where the hub reaches the server's http listener: its host and http port. */
  readonly address: string;
  readonly port: number;
  /** The file the default server includes, holding the generation it serves. */
  readonly generationFile: string;
  /** That file's content for a generation token. */
  readonly generationConfig: (token: string) => string;
  /** How long the new generation must answer every request before the config counts as live. */
  readonly settleMs: number;
  /** The sites to check through this server once the new config is live. */
  readonly sites: readonly SiteLiveCheck[];
}

export interface SiteLiveCheck {
  readonly uri: string;
  readonly path: string;
  readonly expect: HttpExpectation;
  /** The names (of the change's writes and removes) of the site's own files: checked only when one of them changed. */
  readonly files: readonly string[];
}

/** How long a site may take to answer as expected once the new config is live. */
const SITE_CHECK_TIMEOUT_MS = 15_000;

export interface LiveCheckRequest {
  readonly change: WebConfigChange;
  readonly id: (name: string) => string;
  /** Action id of each write and remove, by file name. */
  readonly fileIds: ReadonlyMap<string, string>;
  /** The ids of every write and removal of the change. */
  readonly files: readonly string[];
}

export interface LiveCheckActions {
  /** The generation write: after the change's files, only when one of them changed. */
  readonly generation: WriteFileAction;
  /** The wait and the site checks, after the reload with this id. */
  readonly checks: (reloadId: string) => Action[];
}

export function liveCheckActions({ change, id, fileIds, files }: LiveCheckRequest): LiveCheckActions {
  const { server, live } = change;
  const token = generationToken([
    server,
    ...change.writes.map((file) => `write ${file.path} ${file.sensitive === true ? '(sensitive)' : file.content}`),
    ...change.removes.map((file) => `remove ${file.path}`),
  ]);
  const generation = writeFile({
    id: id(`generation:${token}`), server, path: live.generationFile, content: live.generationConfig(token), mode: 0o644,
    after: files, onlyIfChanged: true, description: `write config generation ${token} to ${live.generationFile}`,
  });
  const endpoint = { server, address: live.address, port: live.port };
  return {
    generation,
    checks: (reloadId) => {
      const wait = httpCheck({
        ...endpoint, id: id('live'), after: [reloadId], host: GENERATION_HOST, path: GENERATION_PATH,
        expect: { kind: 'generation', file: live.generationFile, settleMs: live.settleMs },
      });
      const sites = live.sites.map((site) => {
        const own = site.files.flatMap((name) => {
          const fileId = fileIds.get(name);
          return fileId === undefined ? [] : [fileId];
        });
        return httpCheck({
          ...endpoint, id: id(`check:${site.uri}`), after: [wait.id, ...own], changedBy: own,
          host: site.uri, path: site.path, expect: site.expect, timeoutMs: SITE_CHECK_TIMEOUT_MS,
        });
      });
      return [wait, ...sites];
    },
  };
}
