/**
 * The check that a site's account connects from a web head: PHP's PDO, as the site itself
 * connects, reading the credentials as JSON from stdin. The script is a constant; the data
 * (and the password) only ever travel on stdin.
 */
import type { ExecAction } from '../../plan/action.js';
import { exec } from '../../plan/build-command-actions.js';
import type { SiteLoginCheckRequest } from './types.js';
import { checkSiteNames } from './plan-helpers.js';

/** PHP for `php -r`: exit 0 when PDO connects and `SELECT 1` answers, 1 with the reason on stderr. */
export const LOGIN_CHECK_SCRIPT = [
  '$c = json_decode(stream_get_contents(STDIN), true);',
  'if (!is_array($c)) { fwrite(STDERR, "no credentials on stdin\\n"); exit(2); }',
  'foreach (["host", "dbname"] as $k) { if (preg_match("/[;=\\\\s]/", (string) $c[$k])) { fwrite(STDERR, "bad $k\\n"); exit(2); } }',
  '$dsn = $c["driver"] . ":host=" . $c["host"] . ";port=" . (int) $c["port"] . ";dbname=" . $c["dbname"];',
  'try {',
  '  $db = new PDO($dsn, $c["user"], $c["password"], [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_TIMEOUT => 10]);',
  '  $db->query("SELECT 1")->fetchColumn();',
  '  echo "connected to ", $c["dbname"], " as ", $c["user"], "\\n";',
  '} catch (Throwable $e) { fwrite(STDERR, $e->getMessage() . "\\n"); exit(1); }',
].join('\n');

export const LOGIN_CHECK_TIMEOUT_MS = 30_000;

/** The exec action of a login check with the PDO driver `mysql` or `pgsql` on `port`. */
export function loginCheckAction(request: SiteLoginCheckRequest, driver: 'mysql' | 'pgsql', port: number): ExecAction {
  checkSiteNames(request.database, request.user);
  const host = request.dbHost ?? request.server.host;
  const credentials = { driver, host, port, dbname: request.database, user: request.user, password: request.password.reveal() };
  return exec({
    id: request.id ?? `db:${request.server.alias}:${request.database}:login-from:${request.from}`,
    server: request.from,
    after: request.after,
    argv: ['php', '-r', LOGIN_CHECK_SCRIPT],
    stdin: JSON.stringify(credentials),
    sensitive: true,
    timeoutMs: LOGIN_CHECK_TIMEOUT_MS,
    description: `check that ${request.user} connects to ${request.database} on ${request.server.alias} (${host}:${port})`,
    undo: { kind: 'none', reason: 'a login check changes nothing' },
    checkOnly: true,
  });
}
