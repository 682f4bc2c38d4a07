/**
 * ensureDir: one `inspect` of the path and its ancestors, then `install -d` when the directory
 * is missing or has another mode or owner. Undo removes the directories it created (deepest
 * first) or puts the old mode and owner back.
 */
import type { EnsureDirAction } from '../plan/action.js';
import type { PathState, Transport } from '../transport/transport.js';
import { octalMode, parentOf, runChecked } from './remote-command.js';
import { StepFailure, toStepFailure, type StepContext, type StepOutcome, type UndoStep } from './step.js';

export async function runEnsureDir(ctx: StepContext, action: EnsureDirAction): Promise<StepOutcome> {
  const chain = ancestry(action.path);
  const states = await ctx.transport.inspect(chain);
  const current = states.get(action.path) ?? { type: 'missing' };

  if (current.type === 'file' || current.type === 'other') {
    throw new StepFailure(`${action.path} exists and is not a directory`);
  }
  if (current.type === 'dir') {
    if (matches(current, action)) return { status: 'ok' };
    await install(ctx.transport, action.path, action.mode, action.owner, action.group);
    return {
      status: 'changed',
      undo: { run: () => install(ctx.transport, action.path, current.mode, current.owner, current.group) },
    };
  }

  const created = chain.filter((path) => (states.get(path) ?? { type: 'missing' }).type === 'missing');
  try {
    await install(ctx.transport, action.path, action.mode, action.owner, action.group);
  } catch (error) {
    throw toStepFailure(error, removeCreated(ctx.transport, created, true));
  }
  return { status: 'changed', undo: removeCreated(ctx.transport, created, false) };
}

/** The path and every ancestor up to (not including) `/`, deepest first. */
export function ancestry(path: string): string[] {
  const chain: string[] = [];
  for (let current = path.replace(/\/+$/, ''); current !== '' && current !== '/'; current = parentOf(current)) {
    chain.push(current);
  }
  return chain;
}

function matches(state: Extract<PathState, { type: 'dir' }>, action: EnsureDirAction): boolean {
  return (
    (state.mode & 0o7777) === (action.mode & 0o7777) &&
    (action.owner === undefined || action.owner === state.owner) &&
    (action.group === undefined || action.group === state.group)
  );
}

function install(transport: Transport, path: string, mode: number, owner?: string, group?: string): Promise<unknown> {
  const argv = ['install', '-d', '-m', octalMode(mode)];
  if (owner !== undefined) argv.push('-o', owner);
  if (group !== undefined) argv.push('-g', group);
  argv.push('--', path);
  return runChecked(transport, argv);
}

/** rmdir of the created directories, deepest first; after a failed install only those that exist. */
function removeCreated(transport: Transport, created: readonly string[], onlyExisting: boolean): UndoStep {
  return {
    async run() {
      let targets = created;
      if (onlyExisting) {
        const states = await transport.inspect(created);
        targets = created.filter((path) => states.get(path)?.type === 'dir');
      }
      if (targets.length > 0) await runChecked(transport, ['rmdir', '--', ...targets]);
    },
  };
}
