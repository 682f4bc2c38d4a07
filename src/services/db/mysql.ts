/**
 * db.mysql (MariaDB and MySQL): a database per site and one account `'user'@'host'` per web
 * head address, each with every privilege on that database only (the database name is escaped
 * in GRANT, where `_` is a wildcard). User and host are checked and quoted into the SQL text;
 * passwords are `?` parameters, bound by mysql2 on the hub.
 */
import type { Secret } from '../../model/secrets.js';
import type { Action, SqlAction, Undo } from '../../plan/action.js';
import { sql, sqlStatement } from '../../plan/build-command-actions.js';
import { mysqlGrantDatabase, quoteMysqlAccount, quoteMysqlIdentifier } from './identifiers.js';
import { loginCheckAction } from './login-check.js';
import { mysqlHostCovers } from './mysql-hosts.js';
import { siteDbNames } from './names.js';
import { checkSiteNames, distinctHosts, idsOf, prefixOf, verifyName } from './plan-helpers.js';
import type { DbService, EnsureSiteDatabaseRequest } from './types.js';

const DEFAULT_PORT = 3306;

export const mysqlDbService: DbService<'db.mysql'> = {
  id: 'db.mysql',
  siteDbNames,

  ensureSiteDatabase(request) {
    const { server, database, user, facts } = request;
    checkSiteNames(database, user);
    const p = prefixOf(request, database);
    const after = request.after ?? [];
    const db = quoteMysqlIdentifier(database, 'database');
    const actions: Action[] = [];
    const createDb = facts.databaseExists ? undefined : sql({
      id: `${p}:create-db`, server: server.alias, after,
      statements: [sqlStatement(`CREATE DATABASE ${db} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)],
      undo: { kind: 'sql', statements: [sqlStatement(`DROP DATABASE IF EXISTS ${db}`)] },
    });
    if (createDb !== undefined) actions.push(createDb);
    for (const host of distinctHosts(request.grantHosts)) actions.push(...accountActions(request, p, host, createDb));
    return actions;
  },

  dropSiteDatabase(request) {
    const { server, database, user } = request;
    checkSiteNames(database, user);
    const accounts = distinctHosts(request.grantHosts).map((host) => quoteMysqlAccount(user, host));
    return [sql({
      id: `${prefixOf(request, database)}:drop`, server: server.alias, after: request.after,
      statements: [
        sqlStatement(`DROP DATABASE IF EXISTS ${quoteMysqlIdentifier(database, 'database')}`),
        ...accounts.map((account) => sqlStatement(`DROP USER IF EXISTS ${account}`)),
      ],
      undo: { kind: 'none', reason: 'a dropped database cannot be brought back (back it up first)' },
    })];
  },

  verifyServer(request) {
    const name = verifyName(request.nonce);
    const p = prefixOf(request, 'verify');
    const db = quoteMysqlIdentifier(name, 'database');
    const account = quoteMysqlAccount(name, 'localhost');
    const alias = request.server.alias;
    const create = sql({
      id: `${p}:create-db`, server: alias, after: request.after, checkOnly: true,
      statements: [sqlStatement(`CREATE DATABASE ${db}`)],
      undo: { kind: 'sql', statements: [sqlStatement(`DROP DATABASE IF EXISTS ${db}`)] },
    });
    const grants = sql({
      id: `${p}:grant-revoke`, server: alias, after: [create.id], checkOnly: true,
      statements: [
        sqlStatement(`CREATE USER ${account} ACCOUNT LOCK`),
        sqlStatement(`GRANT ALL PRIVILEGES ON ${mysqlGrantDatabase(name)}.* TO ${account}`),
        sqlStatement(`REVOKE ALL PRIVILEGES ON ${mysqlGrantDatabase(name)}.* FROM ${account}`),
        sqlStatement(`DROP USER ${account}`),
      ],
      undo: { kind: 'sql', statements: [sqlStatement(`DROP USER IF EXISTS ${account}`)] },
    });
    const drop = sql({
      id: `${p}:drop-db`, server: alias, after: [grants.id], checkOnly: true,
      statements: [sqlStatement(`DROP DATABASE ${db}`)],
      undo: { kind: 'none', reason: 'the test database is not needed again' },
    });
    return [create, grants, drop];
  },

  siteLoginCheck(request) {
    const settings = request.server.services.db.impl === 'mysql' ? request.server.services.db.settings : undefined;
    return [loginCheckAction(request, 'mysql', settings?.port ?? DEFAULT_PORT)];
  },
};

/**
 * Create the account if missing, else fix its password; grant when it does not hold the
 * privileges. No account is made for a host that accounts of the user already admit (a `%`
 * pattern, a netmask: an imported site's) when every one of them logs in with the password and
 * holds the privileges: the site connects as it already does, and nothing is widened.
 */
function accountActions(request: EnsureSiteDatabaseRequest, p: string, host: string, createDb: SqlAction | undefined): SqlAction[] {
  const { server, database, user, password, facts } = request;
  const account = quoteMysqlAccount(user, host);
  const found = facts.accounts.find((entry) => entry.host === host);
  const after = request.after ?? [];
  const actions: SqlAction[] = [];
  if (found === undefined && coveredByWorkingAccounts(facts.accounts, host)) return actions;
  let createUser: SqlAction | undefined;
  if (found === undefined) {
    createUser = sql({
      id: `${p}:create-user:${host}`, server: server.alias, after, sensitive: true,
      statements: [sqlStatement(`CREATE USER ${account} IDENTIFIED BY ?`, [password.reveal()])],
      undo: { kind: 'sql', statements: [sqlStatement(`DROP USER IF EXISTS ${account}`)] },
    });
    actions.push(createUser);
  } else if (!found.passwordWorks) {
    actions.push(sql({
      id: `${p}:password:${host}`, server: server.alias, after, sensitive: true,
      statements: [sqlStatement(`ALTER USER ${account} IDENTIFIED BY ?`, [password.reveal()])],
      undo: previousPasswordUndo(account, found.passwordHash),
    }));
  }
  if (found === undefined || !found.privileged) {
    const on = `${mysqlGrantDatabase(database)}.*`;
    actions.push(sql({
      id: `${p}:grant:${host}`, server: server.alias, after: [...after, ...idsOf(createDb, createUser)],
      statements: [sqlStatement(`GRANT ALL PRIVILEGES ON ${on} TO ${account}`)],
      undo: { kind: 'sql', statements: [sqlStatement(`REVOKE ALL PRIVILEGES ON ${on} FROM ${account}`)] },
    }));
  }
  return actions;
}

function coveredByWorkingAccounts(accounts: EnsureSiteDatabaseRequest['facts']['accounts'], host: string): boolean {
  const covering = accounts.filter((entry) => entry.host !== undefined && mysqlHostCovers(entry.host, host));
  return covering.length > 0 && covering.every((entry) => entry.passwordWorks && entry.privileged);
}

/** Puts a `mysql_native_password` hash back; other hashes (other plugins) cannot be restored this way. */
function previousPasswordUndo(account: string, hash: Secret | undefined): Undo {
  if (hash === undefined || !/^\*[0-9A-F]{40}$/.test(hash.reveal())) return { kind: 'none', reason: 'the previous password is not known' };
  return { kind: 'sql', statements: [sqlStatement(`ALTER USER ${account} IDENTIFIED WITH mysql_native_password AS ?`, [hash.reveal()])] };
}
