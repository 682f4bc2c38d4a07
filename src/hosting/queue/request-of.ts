import { AegirError } from '../../model/index.js';
import type { TaskRecord } from '../../store/queue/index.js';
import { TASK_VERBS, type TaskVerb } from '../../tasks/types.js';
import type { TaskRequest } from '../tasks/run.js';

/** A queued task as the pipeline takes it: its verb, target and own arguments, the host key flag apart. */
export function requestOf(task: TaskRecord): TaskRequest {
  if (!(TASK_VERBS as readonly string[]).includes(task.verb)) throw new AegirError('unsupported_task', `unknown task '${task.verb}'`);
  const { acceptHostKey, ...args } = task.args;
  return { verb: task.verb as TaskVerb, target: task.target, args, acceptHostKey: acceptHostKey === true };
}
