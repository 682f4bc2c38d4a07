import { AegirError } from '../model/errors.js';

/**
 * A plan that cannot run: duplicate or unknown action ids, a dependency cycle, an action
 * without a server. A planner bug or a damaged stored plan, so nothing was changed.
 */
export class PlanError extends AegirError {
  /** Every problem found, one line each. */
  readonly problems: readonly string[];

  constructor(title: string, problems: readonly string[]) {
    super('invalid_plan', `plan "${title}" is invalid: ${problems.join('; ')}`);
    this.problems = problems;
  }
}
