/**
 * ensureDir: one `inspect` of the path and its ancestors, then `install -d` when the directory
 * is missing or has another mode or owner. Undo removes the directories it created (deepest
 * first) or puts the old mode and owner back. A batch of one server's ready ensureDirs shares
 * one `inspect` and runs one `install -d` per distinct mode, owner and group.
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

export type DirBatchOutcome = ReadonlyMap<string, StepOutcome | StepFailure>;

export async function runEnsureDirBatch(ctx: StepContext, actions: readonly EnsureDirAction[]): Promise<DirBatchOutcome> {
  if (actions.length === 1 && actions[0] !== undefined) {
    const only = actions[0];
    return new Map([[only.id, await runEnsureDir(ctx, only).catch((error: unknown) => toStepFailure(error))]]);
  }
  const outcomes = new Map<string, StepOutcome | StepFailure>();
  let states: ReadonlyMap<string, PathState>;
  try {
    states = await ctx.transport.inspect([...new Set(actions.flatMap((action) => ancestry(action.path)))]);
  } catch (error) {
    for (const action of actions) outcomes.set(action.id, toStepFailure(error, undefined, 'could not read the directory'));
    return outcomes;
  }
  const stateOf = (path: string): PathState => states.get(path) ?? { type: 'missing' };
  // Each directory the batch creates belongs to the first action that needs it, so undoing the
  // actions in reverse removes each exactly once, children first.
  const claimed = new Set<string>();
  const groups = new Map<string, { argv: string[]; members: { action: EnsureDirAction; created: string[]; prior?: PathState }[] }>();
  for (const action of actions) {
    const current = stateOf(action.path);
    if (current.type === 'file' || current.type === 'other') {
      outcomes.set(action.id, new StepFailure(`${action.path} exists and is not a directory`));
      continue;
    }
    if (current.type === 'dir' && matches(current, action)) {
      outcomes.set(action.id, { status: 'ok' });
      continue;
    }
    const created = ancestry(action.path).filter((path) => stateOf(path).type === 'missing' && !claimed.has(path));
    for (const path of created) claimed.add(path);
    const argv = installArgv(action.mode, action.owner, action.group);
    const key = argv.join('\0');
    const group = groups.get(key) ?? { argv, members: [] };
    group.members.push({ action, created, ...(current.type === 'dir' ? { prior: current } : {}) });
    groups.set(key, group);
  }
  // Groups run in the order their first action came, so parents are made with their own mode first.
  for (const group of groups.values()) {
    const paths = group.members.map((member) => member.action.path);
    try {
      await runChecked(ctx.transport, [...group.argv, '--', ...paths]);
      for (const { action, created, prior } of group.members) {
        const undo: UndoStep =
          prior?.type === 'dir'
            ? { run: () => install(ctx.transport, action.path, prior.mode, prior.owner, prior.group) }
            : removeCreated(ctx.transport, created, false);
        outcomes.set(action.id, { status: 'changed', undo });
      }
    } catch (error) {
      for (const { action, created } of group.members) {
        outcomes.set(action.id, toStepFailure(error, removeCreated(ctx.transport, created, true)));
      }
    }
  }
  return outcomes;
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

function installArgv(mode: number, owner?: string, group?: string): string[] {
  const argv = ['install', '-d', '-m', octalMode(mode)];
  if (owner !== undefined) argv.push('-o', owner);
  if (group !== undefined) argv.push('-g', group);
  return argv;
}

function install(transport: Transport, path: string, mode: number, owner?: string, group?: string): Promise<unknown> {
  return runChecked(transport, [...installArgv(mode, owner, group), '--', path]);
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
