import { AegirError } from '../../model/errors.js';

/**
 * A db server could not be reached or refused a statement. Names the server and the statement
 * (its SQL text, which never holds a password: passwords are parameters, and parameters never
 * appear in the message). `code`: `db_unreachable` (connect or login failed), `db_timeout` (no
 * answer within the bound: the connection was dropped) or `db_failed`.
 */
export class DbError extends AegirError {
  readonly server: string;
  /** The SQL text of the failed statement, with its placeholders, when one failed. */
  readonly statement?: string;
  /** The driver's error code (`ER_DUP_ENTRY`, `42P04`...), when it gave one. */
  readonly driverCode?: string;
  /** Of the statements `run` was given, how many completed before the failure, when that is known. */
  completed?: number;

  constructor(init: { code: 'db_unreachable' | 'db_timeout' | 'db_failed'; server: string; reason: string; statement?: string; driverCode?: string }) {
    const where = init.statement === undefined ? '' : ` in: ${init.statement}`;
    const what = init.code === 'db_unreachable' ? 'cannot connect' : init.code === 'db_timeout' ? 'no answer' : 'statement failed';
    super(init.code, `${init.server}: ${what}: ${init.reason}${where}`);
    this.server = init.server;
    if (init.statement !== undefined) this.statement = init.statement;
    if (init.driverCode !== undefined) this.driverCode = init.driverCode;
  }
}
