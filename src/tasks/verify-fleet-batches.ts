/**
 * The batches a fleet verify is made of where one action per site would cost a round trip each:
 * the SQL of every site on a db server as one action, and one login check per web head that
 * proves, in one PHP process, that every checked site's account connects from there.
 */
import type { Server } from '../model/index.js';
import { exec, sql, type Action, type ExecAction, type SqlAction, type SqlStatement, type Undo } from '../plan/index.js';
import { LOGIN_CHECK_TIMEOUT_MS } from '../services/db/index.js';
import { appInputFor } from './site-actions.js';
import type { SiteScope } from './site-scope.js';

/**
 * The sql actions of one db server as one action, statements in plan order (each site's actions
 * come in dependency order). Its undo runs every compensating statement in reverse order; a
 * statement that cannot be undone (a changed password whose old hash is unknown) is left as it is.
 * Each merged action is a segment of it: when the batch fails midway, the segments it completed
 * are put back.
 */
export function mergeSqlActions(id: string, server: string, actions: readonly Action[]): SqlAction | undefined {
  const sqls = actions.filter((action): action is SqlAction => action.kind === 'sql' && action.server === server);
  if (sqls.length === 0) return undefined;
  const statements: SqlStatement[] = sqls.flatMap((action) => action.statements);
  const undoStatements = sqls.slice().reverse().flatMap((action) => (action.undo.kind === 'sql' ? action.undo.statements : []));
  const undo: Undo = undoStatements.length > 0
    ? { kind: 'sql', statements: undoStatements }
    : { kind: 'none', reason: 'nothing the batch did can be put back' };
  const segments = sqls.map((action) => ({ statements: action.statements.length, undo: action.undo.kind === 'sql' ? action.undo.statements : [] }));
  return sql({
    id, server, statements, undo, segments,
    sensitive: sqls.some((action) => action.sensitive),
    description: `ensure the databases, accounts and grants of ${new Set(sqls.map((a) => a.id.split(':')[2])).size} sites (${statements.length} statements)`,
  });
}

/** PHP for `php -r`: every entry of the JSON array on stdin must connect and answer `SELECT 1`. */
export const FLEET_LOGIN_CHECK_SCRIPT = [
  '$all = json_decode(stream_get_contents(STDIN), true);',
  'if (!is_array($all)) { fwrite(STDERR, "no credentials on stdin\\n"); exit(2); }',
  '$failed = 0;',
  'foreach ($all as $c) {',
  '  foreach (["host", "dbname"] as $k) { if (preg_match("/[;=\\\\s]/", (string) $c[$k])) { fwrite(STDERR, "bad $k\\n"); exit(2); } }',
  '  $dsn = $c["driver"] . ":host=" . $c["host"] . ";port=" . (int) $c["port"] . ";dbname=" . $c["dbname"];',
  '  try {',
  '    $db = new PDO($dsn, $c["user"], $c["password"], [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_TIMEOUT => 10]);',
  '    $db->query("SELECT 1")->fetchColumn();',
  '    $db = null;',
  '  } catch (Throwable $e) { $failed++; fwrite(STDERR, $c["user"] . "@" . $c["dbname"] . ": " . $e->getMessage() . "\\n"); }',
  '}',
  'echo count($all) - $failed, " of ", count($all), " accounts connected\\n";',
  'exit($failed > 0 ? 1 : 0);',
].join('\n');

/** One login check on a web head for these sites; none when there are none. Runs only after a change. */
export function fleetLoginCheck(head: Server, scopes: readonly SiteScope[], after: readonly string[]): ExecAction | undefined {
  if (scopes.length === 0) return undefined;
  const credentials = scopes.map((scope) => {
    const { db } = appInputFor(scope, head);
    return { driver: db.driver, host: db.host, port: db.port, dbname: db.name, user: db.user, password: db.password };
  });
  return exec({
    id: `db:fleet:login-from:${head.alias}`,
    server: head.alias,
    after,
    argv: ['php', '-r', FLEET_LOGIN_CHECK_SCRIPT],
    stdin: JSON.stringify(credentials),
    sensitive: true,
    timeoutMs: LOGIN_CHECK_TIMEOUT_MS + scopes.length * 1000,
    description: `check that the accounts of ${scopes.length} sites connect from ${head.alias}`,
    undo: { kind: 'none', reason: 'a login check changes nothing' },
    checkOnly: true,
    onlyIfChanged: true,
  });
}
