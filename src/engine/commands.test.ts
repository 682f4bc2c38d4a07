import { describe, expect, it } from 'vitest';
import { sql, sqlStatement } from '../plan/build-command-actions.js';
import { segmentsUndo } from './commands.js';

describe('segmentsUndo', () => {
  const statement = (text: string) => sqlStatement(text);
  const merged = sql({
    id: 'db:merged', server: '@db',
    statements: [statement('A1'), statement('A2'), statement('B1'), statement('C1')],
    segments: [
      { statements: 2, undo: [statement('undo A')] },
      { statements: 1, undo: [statement('undo B')] },
      { statements: 1, undo: [statement('undo C')] },
    ],
  });

  it('puts back every segment begun before the failure, last first', () => {
    expect(segmentsUndo(merged, 3)?.map((s) => s.sql)).toEqual(['undo B', 'undo A']);
    expect(segmentsUndo(merged, 1)?.map((s) => s.sql)).toEqual(['undo A']);
  });

  it('has nothing to put back before the first statement completed, or when it is not known', () => {
    expect(segmentsUndo(merged, 0)).toBeUndefined();
    expect(segmentsUndo(merged, undefined)).toBeUndefined();
    expect(segmentsUndo(sql({ id: 'plain', server: '@db', statements: [statement('X')] }), 1)).toBeUndefined();
  });

  it('refuses segments that do not cover the statements', () => {
    expect(() => sql({ id: 'bad', server: '@db', statements: [statement('X')], segments: [{ statements: 2, undo: [] }] })).toThrow(/segments/);
  });
});
