import { describe, expect, it } from 'vitest';
import { adoptionProblems, checkAdoption, type AdoptionFacts } from './adoption.js';

const own: AdoptionFacts = { databaseExists: true, accounts: [{ host: '%' }], beyond: [], lacking: [], otherGrantees: [] };
const request = { server: '@db1', database: 'handdb', user: 'handuser', claimed: new Map([['victim_db', 'victim.example.com'], ['victim', 'victim.example.com']]) };

describe('adopting a database and account on import', () => {
  it('is allowed for an account with every privilege on its database and nothing elsewhere, even with other accounts on it', () => {
    expect(adoptionProblems(own, request)).toEqual([]);
    expect(adoptionProblems({ ...own, otherGrantees: ['backup_reader'] }, request)).toEqual([]);
  });

  it('is refused for a missing database or account', () => {
    expect(adoptionProblems({ ...own, databaseExists: false, accounts: [] }, request)).toEqual([
      'database handdb does not exist on @db1', 'account handuser does not exist on @db1',
    ]);
  });

  it('is refused, naming each, for privileges beyond the database, too few on it, or another site on it', () => {
    const problems = adoptionProblems({
      ...own, beyond: ['global SUPER (\'handuser\'@\'%\')'], lacking: ["'handuser'@'%' lacks DROP on handdb"], otherGrantees: ['victim'],
    }, request);
    expect(problems).toEqual([
      "handuser holds global SUPER ('handuser'@'%'); a site's account holds privileges on its own database only",
      "'handuser'@'%' lacks DROP on handdb; a site's account holds every privilege on its database (Aegir manages it as the site's own)",
      'database handdb is also open to victim, the account of site victim.example.com',
    ]);
  });

  it('is refused with exit 2 and every reason in one message', () => {
    let caught: unknown;
    try {
      checkAdoption({ ...own, accounts: [], lacking: ['x'] }, { ...request, uri: 'hand.example.com' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'import_db_not_owned', exitCode: 2 });
    expect((caught as Error).message).toMatch(/^hand\.example\.com cannot adopt database handdb and account handuser on @db1: account handuser does not exist on @db1; x; /);
  });
});
