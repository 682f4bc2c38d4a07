/**
 * removePath: the path is moved aside into a fresh trash directory of Aegir's own (see
 * `freshTrash`: nobody else can write there, so nothing can be swapped in on the way back), not
 * deleted; undo moves it back, and the trash is deleted only once the whole plan succeeded. A
 * non-recursive removal of a directory is an `rmdir` (it must be empty).
 */
import type { RemovePathAction } from '../plan/action.js';
import { baseName, joinPath, octalMode, runChecked } from './remote-command.js';
import { freshTrash } from './scratch-name.js';
import { StepFailure, toStepFailure, type StepContext, type StepOutcome } from './step.js';

export async function runRemovePath(ctx: StepContext, action: RemovePathAction): Promise<StepOutcome> {
  const { transport } = ctx;
  const path = action.path.replace(/\/+$/, '');
  if (path === '' || path === '/') throw new StepFailure('refusing to remove /');
  const current = (await transport.inspect([path])).get(path) ?? { type: 'missing' };
  if (current.type === 'missing') return { status: 'ok' };

  if (current.type === 'dir' && !action.recursive) {
    await runChecked(transport, ['rmdir', '--', path]);
    return {
      status: 'changed',
      undo: {
        run: () =>
          runChecked(transport, ['install', '-d', '-m', octalMode(current.mode), '-o', current.owner, '-g', current.group, '--', path]),
      },
    };
  }

  const trash = await freshTrash(ctx, 'trash', action.id);
  const parked = joinPath(trash, baseName(path));
  try {
    await runChecked(transport, ['mv', '-T', '--', path, parked]);
  } catch (error) {
    throw toStepFailure(error, { run: () => runChecked(transport, ['rmdir', '--', trash]) });
  }
  return {
    status: 'changed',
    undo: {
      async run() {
        await runChecked(transport, ['mv', '-T', '--', parked, path]);
        await runChecked(transport, ['rmdir', '--', trash]);
      },
    },
    commit: async () => {
      await runChecked(transport, ['rm', '-rf', '--', trash]);
    },
  };
}
