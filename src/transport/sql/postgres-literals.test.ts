import { describe, expect, it } from 'vitest';
import { sqlStatement } from '../../plan/build-command-actions.js';
import { inlineParams, postgresLiteral } from './postgres-literals.js';

describe('inlineParams (PostgreSQL utility statements)', () => {
  it('inlines each $n once, with the literal of its type', () => {
    expect(inlineParams(sqlStatement('SELECT $1, $2, $3, $4, $1', ['a', 7, true, null]))).toBe("SELECT 'a', 7, TRUE, NULL, 'a'");
  });

  it.each([
    ["x'; DROP DATABASE postgres; --", "'x''; DROP DATABASE postgres; --'"],
    ['back\\slash\\', " E'back\\\\slash\\\\'"],
    ["\\'; SELECT 1; --", " E'\\\\''; SELECT 1; --'"],
    ['$2 and $1 and $$', "'$2 and $1 and $$'"],
  ])('keeps the hostile password %j inside one literal', (password, literal) => {
    const text = inlineParams(sqlStatement('CREATE ROLE "r" LOGIN PASSWORD $1', [password, 'second']));
    expect(text).toBe(`CREATE ROLE "r" LOGIN PASSWORD ${literal}`);
  });

  it('does not substitute a value into another value, nor $n inside quoted text', () => {
    expect(inlineParams(sqlStatement("SELECT $1, '$2', \"$2\", $2", ['$2', 'b']))).toBe("SELECT '$2', '$2', \"$2\", 'b'");
  });

  it('refuses a placeholder without a value and a number that is not finite', () => {
    expect(() => inlineParams(sqlStatement('SELECT $2', ['a']))).toThrow(/has no value/);
    expect(() => inlineParams(sqlStatement('SELECT $0', ['a']))).toThrow(/has no value/);
    expect(() => postgresLiteral(Number.NaN)).toThrow(/finite/);
  });
});
