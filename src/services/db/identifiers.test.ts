import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../model/errors.js';
import {
  mysqlGrantDatabase, mysqlGrantPattern, quoteMysqlAccount, quoteMysqlIdentifier, quotePostgresIdentifier,
} from './identifiers.js';

const hostile = ['', 'Wiki', '1abc', 'a b', 'a`b', 'a"b', "a'b", 'a;drop', 'a-b', 'a.b', 'x'.repeat(64), 'é', 'a\\b'];

describe.each([
  { dialect: 'mysql', quote: quoteMysqlIdentifier, open: '`' },
  { dialect: 'postgres', quote: quotePostgresIdentifier, open: '"' },
])('$dialect identifiers', ({ quote, open }) => {
  it('quotes a valid name for the dialect', () => {
    expect(quote('wiki_one_2')).toBe(`${open}wiki_one_2${open}`);
  });

  it.each(hostile)('refuses %j', (name) => {
    expect(() => quote(name)).toThrow(ValidationError);
  });
});

describe('MySQL grants and accounts', () => {
  it('escapes _ in the database part of a GRANT, where it is a wildcard', () => {
    expect(mysqlGrantDatabase('wiki_one')).toBe('`wiki\\_one`');
    expect(mysqlGrantPattern('wiki_one')).toBe('wiki\\_one');
  });

  it('quotes user@host and refuses a host or user that could break out of the quotes', () => {
    expect(quoteMysqlAccount('wiki', '10.231.5.2')).toBe("'wiki'@'10.231.5.2'");
    expect(quoteMysqlAccount('wiki', '10.0.0.0/255.255.255.0')).toBe("'wiki'@'10.0.0.0/255.255.255.0'");
    expect(quoteMysqlAccount('wiki', '%')).toBe("'wiki'@'%'");
    for (const host of ["x'", 'a b', 'a\\', '', "10.0.0.1' OR '1"]) expect(() => quoteMysqlAccount('wiki', host)).toThrow(ValidationError);
    expect(() => quoteMysqlAccount('a'.repeat(33), '%')).toThrow(/longer than 32/);
  });
});
