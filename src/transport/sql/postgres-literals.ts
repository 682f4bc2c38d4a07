/**
 * PostgreSQL cannot bind parameters in utility statements (`CREATE ROLE r PASSWORD $1` is a
 * syntax error), and plans are mostly utility statements. So the PostgresRunner inlines every
 * parameter as a literal: strings with pg's `escapeLiteral` (doubles quotes, and backslashes
 * under an `E'...'` prefix, so it is safe whatever `standard_conforming_strings` says), numbers
 * as digits, booleans and null as keywords. One pass: a value that contains `$2` is never
 * substituted again. `$n` inside quoted literals or identifiers of the text is left alone.
 */
import { createRequire } from 'node:module';
import { ValidationError } from '../../model/errors.js';
import type { SqlStatement } from '../../plan/action.js';

const TOKENS = /('(?:[^']|'')*')|("(?:[^"]|"")*")|\$(\d+)/g;

const require = createRequire(import.meta.url);
let pgEscapeLiteral: ((value: string) => string) | undefined;

/** pg's `escapeLiteral`, with pg loaded on first use: a hub without PostgreSQL servers never loads it. */
export function escapeLiteral(value: string): string {
  pgEscapeLiteral ??= (require('pg') as { escapeLiteral: (value: string) => string }).escapeLiteral;
  return pgEscapeLiteral(value);
}

export function postgresLiteral(value: SqlStatement['params'][number]): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError('sql parameter', value, 'is not a finite number');
    return String(value);
  }
  return escapeLiteral(value);
}

/** The statement's text with `$1`, `$2`... replaced by the literals of its parameters. */
export function inlineParams(statement: SqlStatement): string {
  const { sql, params } = statement;
  return sql.replace(TOKENS, (match, single: string | undefined, double: string | undefined, index: string | undefined) => {
    if (single !== undefined || double !== undefined || index === undefined) return match;
    const position = Number(index);
    if (position < 1 || position > params.length) {
      throw new ValidationError('sql parameter', match, `has no value (the statement has ${params.length} parameters)`);
    }
    return postgresLiteral(params[position - 1] ?? null);
  });
}
