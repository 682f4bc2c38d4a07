/**
 * db.postgres: one login role per site that owns the site's database; PUBLIC's default
 * CONNECT and TEMP on that database are revoked, so no other role gets in. Which addresses
 * may connect at all is pg_hba.conf's business, not a grant: `grantHosts` plans nothing here.
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

export const postgresDbService: DbService = {
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
        id: `${p}:revoke-public`, server: server.alias, after,
        statements: [sqlStatement(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`)],
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
    return [create, grants, drop];
  },

  siteLoginCheck(request) {
    const settings = request.server.services.db.impl === 'postgres' ? request.server.services.db.settings : undefined;
    return [loginCheckAction(request, 'pgsql', settings?.port ?? DEFAULT_PORT)];
  },
};
