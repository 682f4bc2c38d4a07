import { describe, expect, it } from 'vitest';
import { IDENTIFIER_PATTERN } from './identifiers.js';
import { siteDbNames } from './names.js';

const none = new Set<string>();

describe('siteDbNames', () => {
  it('drops a leading www., turns dots and dashes into _, lowercases and cuts to 16', () => {
    expect(siteDbNames('www.Wiki-One.example.com', none)).toEqual({ database: 'wiki_one_example', user: 'wiki_one_example' });
    expect(siteDbNames('blog.example.org', none)).toEqual({ database: 'blog_example_org', user: 'blog_example_org' });
    expect(siteDbNames('a.b', none).database).toBe('a_b');
  });

  it('keeps www. when it is not at the start, and never ends on _ after the cut', () => {
    expect(siteDbNames('shop.www.example.com', none).database).toBe('shop_www_example');
    expect(siteDbNames('example-site-.co.uk', none).database).toBe('example_site_co');
  });

  it('starts with a letter: a leading digit gets s_', () => {
    expect(siteDbNames('123.example.com', none).database).toBe('s_123_example_co');
    expect(siteDbNames('xn--bcher-kva.example', none).database).toBe('xn_bcher_kva_exa');
  });

  it('never starts with aegir_verify_, which a server verify uses for its test database', () => {
    expect(siteDbNames('aegir-verify-x.example', none).database).toBe('s_aegir_verify_x');
  });

  it('never starts with pg_, which PostgreSQL reserves for roles', () => {
    expect(siteDbNames('pg.example.com', none)).toEqual({ database: 's_pg_example_com', user: 's_pg_example_com' });
    expect(siteDbNames('pgsite.example.com', none).database).toBe('pgsite_example_c');
  });

  it('adds _2, _3... on collision, cutting the base so the name stays within 16', () => {
    const taken = new Set(['wiki_one_example']);
    expect(siteDbNames('wiki-one.example.com', taken).database).toBe('wiki_one_examp_2');
    taken.add('wiki_one_examp_2');
    expect(siteDbNames('wiki-one.example.com', taken).database).toBe('wiki_one_examp_3');
    for (let n = 3; n < 10; n += 1) taken.add(`wiki_one_examp_${n}`);
    expect(siteDbNames('wiki-one.example.com', taken).database).toBe('wiki_one_exam_10');
    expect(siteDbNames('a.org', new Set(['a_org'])).database).toBe('a_org_2');
  });

  it('never gives a name the servers keep for themselves', () => {
    expect(siteDbNames('mysql', none).database).toBe('mysql_2');
    expect(siteDbNames('postgres', none).database).toBe('postgres_2');
    expect(siteDbNames('www.test', none).database).toBe('test_2');
  });

  it('always gives an identifier valid in MySQL and PostgreSQL, at most 16 characters', () => {
    const uris = ['www.x.y', 'a--b..c', '9.9.9.9', 'UPPER.CASE.EXAMPLE.COM', 'very-long-subdomain-name.example.com', 'www'];
    for (const uri of uris) {
      const { database, user } = siteDbNames(uri, new Set([siteDbNames(uri, none).database]));
      expect(database).toMatch(IDENTIFIER_PATTERN);
      expect(database.length).toBeLessThanOrEqual(16);
      expect(user).toBe(database);
    }
  });
});
