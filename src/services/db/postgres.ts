/**
 * db.postgres: one login role per site that owns the site's database. PUBLIC's default CONNECT
 * and TEMP on that database are revoked and the role is granted CONNECT on it, so the role gets
 * into its own database only and no other role gets into it; a server verify takes PUBLIC's
 * CONNECT off `postgres` and `template1` too (the admin keeps it). Which addresses may connect
 * at all is pg_hba.conf's business, not a grant: `grantHosts` plans nothing here.
 *
 * Passwords are `$1` parameters in the plan. PostgreSQL cannot bind parameters in utility
 * statements (CREATE ROLE ... PASSWORD), so the PostgresRunner inlines them as literals with
 * pg's `escapeLiteral` (see runtime/postgres-literals.ts).
 */
import type { Action } from '../../plan/action.js';
import { sql, sqlStatement } from '../../plan/build-command-actions.js';
import { IDENTIFIER_PATTERN, quotePostgresIdentifier } from './identifiers.js';
import { loginCheckAction } from './login-check.js';
import { siteDbNames } from './names.js';
import { checkSiteNames, idsOf, prefixOf, verifyName } from './plan-helpers.js';
import type { DbService } from './types.js';

const DEFAULT_PORT = 5432;

export const postgresDbService: DbService<'db.postgres'> = {
  id: 'db.postgres',
  siteDbNames,

  ensureSiteDatabase(request) {
    const { server, database, user, password, facts } = request;
    checkSiteNames(database, user);
    const p = prefixOf(request, database);
    const after = request.after ?? [];
    const db = quotePostgresIdentifier(database, 'database');
    const role = quotePostgresIdentifier(user, 'user');
    const account = facts.accounts[0];
    const actions: Action[] = [];
    const createRole = account !== undefined ? undefined : sql({
      id: `${p}:create-role`, server: server.alias, after, sensitive: true,
      statements: [sqlStatement(`CREATE ROLE ${role} LOGIN PASSWORD $1`, [password.reveal()])],
      undo: { kind: 'sql', statements: [sqlStatement(`DROP ROLE IF EXISTS ${role}`)] },
    });
    if (createRole !== undefined) actions.push(createRole);
    if (account !== undefined && !account.passwordWorks) {
      actions.push(sql({
        id: `${p}:password`, server: server.alias, after, sensitive: true,
        statements: [sqlStatement(`ALTER ROLE ${role} WITH LOGIN PASSWORD $1`, [password.reveal()])],
        undo: account.passwordHash !== undefined && /^(SCRAM-SHA-256\$|md5[0-9a-f]{32}$)/.test(account.passwordHash.reveal())
          ? { kind: 'sql', statements: [sqlStatement(`ALTER ROLE ${role} WITH PASSWORD $1`, [account.passwordHash.reveal()])] }
          : { kind: 'none', reason: 'the previous password is not known' },
      }));
    }
    const afterRole = [...after, ...idsOf(createRole)];
    if (!facts.databaseExists) {
      actions.push(sql({
        id: `${p}:create-db`, server: server.alias, after: afterRole,
        statements: [
          sqlStatement(`CREATE DATABASE ${db} OWNER ${role}`),
          sqlStatement(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`),
          sqlStatement(`GRANT CONNECT ON DATABASE ${db} TO ${role}`),
        ],
        undo: { kind: 'sql', statements: [sqlStatement(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)] },
      }));
      return actions;
    }
    if (facts.databaseOwner !== user) {
      const previous = facts.databaseOwner;
      actions.push(sql({
        id: `${p}:owner`, server: server.alias, after: afterRole,
        statements: [sqlStatement(`ALTER DATABASE ${db} OWNER TO ${role}`)],
        undo: previous !== undefined && IDENTIFIER_PATTERN.test(previous)
          ? { kind: 'sql', statements: [sqlStatement(`ALTER DATABASE ${db} OWNER TO ${quotePostgresIdentifier(previous)}`)] }
          : { kind: 'none', reason: 'the previous owner is not known' },
      }));
    }
    if (facts.publicAccess !== false) {
      actions.push(sql({
        id: `${p}:revoke-public`, server: server.alias, after: afterRole,
        statements: [sqlStatement(`GRANT CONNECT ON DATABASE ${db} TO ${role}`), sqlStatement(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`)],
        undo: { kind: 'sql', statements: [sqlStatement(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO PUBLIC`)] },
      }));
    }
    return actions;
  },

  dropSiteDatabase(request) {
    const { server, database, user } = request;
    checkSiteNames(database, user);
    return [sql({
      id: `${prefixOf(request, database)}:drop`, server: server.alias, after: request.after,
      statements: [
        sqlStatement(`DROP DATABASE IF EXISTS ${quotePostgresIdentifier(database, 'database')} WITH (FORCE)`),
        sqlStatement(`DROP ROLE IF EXISTS ${quotePostgresIdentifier(user, 'user')}`),
      ],
      undo: { kind: 'none', reason: 'a dropped database cannot be brought back (back it up first)' },
    })];
  },

  verifyServer(request) {
    const name = verifyName(request.nonce);
    const p = prefixOf(request, 'verify');
    const db = quotePostgresIdentifier(name, 'database');
    const alias = request.server.alias;
    const create = sql({
      id: `${p}:create-db`, server: alias, after: request.after, checkOnly: true,
      statements: [sqlStatement(`CREATE DATABASE ${db}`)],
      undo: { kind: 'sql', statements: [sqlStatement(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)] },
    });
    const grants = sql({
      id: `${p}:grant-revoke`, server: alias, after: [create.id], checkOnly: true,
      statements: [
        sqlStatement(`CREATE ROLE ${db} NOLOGIN`),
        sqlStatement(`GRANT CONNECT ON DATABASE ${db} TO ${db}`),
        sqlStatement(`REVOKE CONNECT ON DATABASE ${db} FROM ${db}`),
        sqlStatement(`DROP ROLE ${db}`),
      ],
      undo: { kind: 'sql', statements: [sqlStatement(`DROP ROLE IF EXISTS ${db}`)] },
    });
    const drop = sql({
      id: `${p}:drop-db`, server: alias, after: [grants.id], checkOnly: true,
      statements: [sqlStatement(`DROP DATABASE ${db}`)],
      undo: { kind: 'none', reason: 'the test database is not needed again' },
    });
    return [create, grants, drop, closeServerDatabases(alias, `${p}:revoke-public`, [drop.id])];
  },

  siteLoginCheck(request) {
    const settings = request.server.services.db.impl === 'postgres' ? request.server.services.db.settings : undefined;
    return [loginCheckAction(request, 'pgsql', settings?.port ?? DEFAULT_PORT)];
  },
};

/** Databases of the server itself that site roles could otherwise connect to (PUBLIC has CONNECT on them by default). */
export const SERVER_DATABASES = ['postgres', 'template1'] as const;

/**
 * Takes PUBLIC's privileges off the server's own databases, the admin (`CURRENT_USER`, whatever
 * its name) keeping CONNECT: a site role can log in, but gets into no database but its own. One
 * statement, for each of them where PUBLIC still has a privilege. Only the owner of a database
 * (a superuser, for these) can change its privileges, and anyone else's REVOKE does nothing but
 * warn: for an admin that is neither, the verify fails, saying how to do it by hand.
 */
function closeServerDatabases(server: string, id: string, after: readonly string[]): Action {
  const names = SERVER_DATABASES.map((name) => `'${name}'`).join(', ');
  const body = [
    'DO $$ DECLARE d record; BEGIN',
    '  FOR d IN SELECT datname, pg_has_role(datdba, \'USAGE\') OR (SELECT rolsuper FROM pg_roles WHERE rolname = CURRENT_USER) AS owned',
    `    FROM pg_database WHERE datname IN (${names})`,
    '    AND EXISTS (SELECT 1 FROM aclexplode(COALESCE(datacl, acldefault(\'d\', datdba))) a WHERE a.grantee = 0) LOOP',
    '    IF NOT d.owned THEN',
    "      RAISE EXCEPTION 'PUBLIC can still connect to %, and only its owner can change that: as a superuser, "
      + "GRANT CONNECT ON DATABASE % TO %; REVOKE ALL ON DATABASE % FROM PUBLIC (or verify with a superuser admin)', "
      + 'd.datname, d.datname, quote_ident(CURRENT_USER), d.datname;',
    '    END IF;',
    "    EXECUTE format('GRANT CONNECT ON DATABASE %I TO CURRENT_USER', d.datname);",
    "    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', d.datname);",
    '  END LOOP;',
    'END $$',
  ].join('\n');
  // It changes something only on a server not verified before (and then for good), so an
  // unchanged verify reports nothing changed: a check, as the rest of the server's verify.
  return sql({
    id, server, after, checkOnly: true,
    statements: [sqlStatement(body)],
    undo: { kind: 'none', reason: "PUBLIC's access to postgres and template1 is not given back: only the admin needs them" },
  });
}
