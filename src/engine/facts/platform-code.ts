/**
 * Reads what a platform's codebase holds (the paths its app kind asks about, the directories
 * under `sites/`) through a transport: on a web head, or on the hub for the platform's source.
 * The app kind reads the answers; nothing here knows any kind.
 */
import { platformProbePaths, readPlatformFacts } from '../../apps/index.js';
import type { PlatformCodeFacts, ProbedPath } from '../../facts/index.js';
import type { Platform } from '../../model/index.js';
import type { Transport } from '../../transport/index.js';

const LIST_TIMEOUT_MS = 30_000;

export async function probePlatformCode(transport: Transport, platform: Pick<Platform, 'app'>, root: string): Promise<PlatformCodeFacts> {
  const paths = platformProbePaths(platform.app, root);
  const states = await transport.inspect(paths);
  const probed = new Map<string, ProbedPath>();
  for (const path of paths) {
    const state = states.get(path) ?? { type: 'missing' };
    probed.set(path, state.type === 'file' ? { type: 'file', content: state.content.toString('utf8') } : { type: state.type });
  }
  return readPlatformFacts(platform.app, root, probed, await listSiteDirs(transport, root));
}

/** The names of the directories under `<root>/sites` (none when it does not exist). */
async function listSiteDirs(transport: Transport, root: string): Promise<string[]> {
  const result = await transport.exec({
    argv: ['find', `${root === '/' ? '' : root}/sites`, '-mindepth', '1', '-maxdepth', '1', '-type', 'd', '-printf', '%f\\n'],
    timeoutMs: LIST_TIMEOUT_MS,
  });
  if (result.exitCode !== 0) return [];
  return result.stdout.split('\n').filter((name) => name !== '');
}
