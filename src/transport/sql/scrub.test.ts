import mysql from 'mysql2/promise';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { scrubMessage } from './scrub.js';

const password = "pa'ss\\word-0123456789";

describe('scrubMessage', () => {
  it('takes a parameter out raw and as the MySQL server quotes it, and drops the near excerpt', () => {
    const quoted = mysql.escape(password);
    const message = `You have an error in your SQL syntax; check the manual near '${quoted.slice(0, 12)}' at line 1 (${quoted}) ${password}`;
    const scrubbed = scrubMessage(message, [password], (value) => mysql.escape(value));
    expect(scrubbed).not.toContain('0123456789');
    expect(scrubbed).not.toContain("pa\\'ss");
    expect(scrubbed).toContain('near ********');
  });

  it('takes a parameter out as PostgreSQL quotes it', () => {
    const message = `invalid input syntax for type integer: ${pg.escapeLiteral(password)} / "${password}"`;
    const scrubbed = scrubMessage(message, [password], (value) => pg.escapeLiteral(value));
    expect(scrubbed).not.toContain('0123456789');
  });

  it('leaves messages of statements without string parameters alone', () => {
    const message = "near 'FROM' at line 1";
    expect(scrubMessage(message, [42, null], (value) => value)).toBe(message);
  });
});
