import type { Kysely } from 'kysely';
import { guardConstraints } from './constraint-error.js';
import type { SecretBox } from '../model/index.js';
import type { DatabaseSchema } from './schema.js';

/** The same small API for every entity, keyed by alias (or a client's name). */
export interface Repository<T> {
  get(key: string): Promise<T | undefined>;
  list(): Promise<T[]>;
  /** Refused with a ConflictError when the name is taken. */
  insert(entity: T): Promise<void>;
  /** Replaces the stored entity with the same key; NotFoundError when there is none. */
  update(entity: T): Promise<void>;
  /** NotFoundError when there is none; ConflictError when something still refers to it. */
  delete(key: string): Promise<void>;
}

/** What a repository needs: the connection (or the open transaction), the secret box and the clock. */
export interface RepositoryContext {
  readonly db: Kysely<DatabaseSchema>;
  readonly box: SecretBox;
  readonly now: () => string;
  /** Runs a multi-statement write in one transaction (or in the one already open). */
  readonly atomic: <T>(fn: (ctx: RepositoryContext) => Promise<T>) => Promise<T>;
}

export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number | boolean | string): boolean {
  return value === 1 || value === true || value === '1';
}

/** What every repository shares: its context, and atomic writes with constraint errors mapped. */
export abstract class BaseRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Runs a write in one transaction; a violated constraint becomes a ConflictError about `what`. */
  protected async write<T>(what: string, fn: (db: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
    return await guardConstraints(what, () => this.ctx.atomic((ctx) => fn(ctx.db)));
  }
}
