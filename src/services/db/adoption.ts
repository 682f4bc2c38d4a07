/**
 * Whether a site may adopt a database and account it did not make (import): the account must be
 * the site's own in the shape Aegir gives a site's account, so that nothing Aegir does to it
 * afterwards (verify, migrate, delete) reaches beyond what the account could already do:
 * the database exists; the account exists and holds every privilege on that database (MySQL: each
 * of its accounts; PostgreSQL: the role owns it), and privileges nowhere else (no global
 * privileges, roles, proxies, other databases, tables or routines elsewhere); and no other site's
 * account holds privileges on the database. Pure: the facts are read by the admin beforehand.
 */
import { AegirError } from '../../model/errors.js';

/** What the db server says about the database and account a site's settings name. */
export interface AdoptionFacts {
  readonly databaseExists: boolean;
  /** The account's entries: MySQL one per host (`'user'@'host'`), PostgreSQL one (no host) when the role exists. */
  readonly accounts: readonly { readonly host?: string }[];
  /** What the account holds beyond the database, each said plainly: `global SUPER ('u'@'%')`, `privileges on database shop`. */
  readonly beyond: readonly string[];
  /** What the account lacks on the database for Aegir to manage it: `'u'@'%' lacks DROP, ALTER`, `the database is owned by postgres`. */
  readonly lacking: readonly string[];
  /** Other accounts (user or role names) that hold privileges on the database. */
  readonly otherGrantees: readonly string[];
}

export interface AdoptionRequest {
  /** The db server alias, for messages. */
  readonly server: string;
  readonly database: string;
  readonly user: string;
  /** The database and account names of the other sites of this db server, to the uri of the site holding each. */
  readonly claimed: ReadonlyMap<string, string>;
}

/** Everything that keeps the site from adopting the database and account; empty when it may. */
export function adoptionProblems(facts: AdoptionFacts, request: AdoptionRequest): string[] {
  const { server, database, user } = request;
  const problems: string[] = [];
  if (!facts.databaseExists) problems.push(`database ${database} does not exist on ${server}`);
  if (facts.accounts.length === 0) problems.push(`account ${user} does not exist on ${server}`);
  for (const item of facts.beyond) problems.push(`${user} holds ${item}; a site's account holds privileges on its own database only`);
  for (const item of facts.lacking) problems.push(`${item}; a site's account holds every privilege on its database (Aegir manages it as the site's own)`);
  for (const grantee of facts.otherGrantees) {
    const site = request.claimed.get(grantee);
    if (site !== undefined) problems.push(`database ${database} is also open to ${grantee}, the account of site ${site}`);
  }
  return problems;
}

/** Refuses (exit 2) when the site may not adopt the database and account, naming every reason. */
export function checkAdoption(facts: AdoptionFacts, request: AdoptionRequest & { readonly uri: string }): void {
  const problems = adoptionProblems(facts, request);
  if (problems.length === 0) return;
  throw new AegirError(
    'import_db_not_owned',
    `${request.uri} cannot adopt database ${request.database} and account ${request.user} on ${request.server}: ${problems.join('; ')}`,
    { exitCode: 2 },
  );
}
