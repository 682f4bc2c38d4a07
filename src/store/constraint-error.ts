import { ConflictError } from '../model/errors.js';

/** SQLite (better-sqlite3) and PostgreSQL (pg) report constraint violations differently; one mapping. */
function constraintKind(error: unknown): 'unique' | 'foreign_key' | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = String((error as { code: unknown }).code);
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return 'unique';
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign_key';
  return undefined;
}

/**
 * Runs a write and turns a constraint violation into a ConflictError that says what was refused
 * (the database is the last line of defence when two changes race past the model's checks).
 */
export async function guardConstraints<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const kind = constraintKind(error);
    if (kind === 'unique') throw new ConflictError(`${what}: the name is already taken`);
    if (kind === 'foreign_key') throw new ConflictError(`${what}: it refers to, or is used by, another entity`);
    throw error;
  }
}
