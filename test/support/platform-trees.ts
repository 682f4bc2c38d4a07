/**
 * The small hand-made codebases among the test platforms: a minimal Drupal 10 tree (just enough
 * files to be recognised as Drupal 10, no code that runs) and a generic PHP app whose front page
 * shows the site's uri and what its own database says.
 */

/** The Drupal version the minimal tree claims. */
export const MINIMAL_DRUPAL_VERSION = '10.3.6';

/** Relative path -> content. */
export type Tree = Readonly<Record<string, string>>;

export const minimalDrupalTree: Tree = {
  'index.php': [
    '<?php',
    '// Front controller of a minimal Drupal tree for tests: it only says which settings file it would load.',
    "$site = isset( $_SERVER['SERVER_NAME'] ) ? strtolower( $_SERVER['SERVER_NAME'] ) : 'default';",
    "echo 'drupal test tree for ', htmlspecialchars( $site ), \"\\n\";",
    '',
  ].join('\n'),
  'autoload.php': "<?php\nreturn require __DIR__ . '/vendor/autoload.php';\n",
  'vendor/autoload.php': '<?php\n// No dependencies in the test tree.\nreturn null;\n',
  'core/lib/Drupal.php': [
    '<?php',
    'namespace {',
    'class Drupal {',
    `  const VERSION = '${MINIMAL_DRUPAL_VERSION}';`,
    "  const CORE_COMPATIBILITY = '8.x';",
    '}',
    '}',
    '',
  ].join('\n'),
  'core/includes/bootstrap.inc': '<?php\n// Bootstrap of the minimal test tree: nothing.\n',
  'core/core.services.yml': 'services: {}\n',
  'core/composer.json': JSON.stringify({ name: 'drupal/core', type: 'drupal-core' }, null, 2) + '\n',
  'composer.json': JSON.stringify({ name: 'drupal/recommended-project', require: { 'drupal/core': MINIMAL_DRUPAL_VERSION } }, null, 2) + '\n',
  'sites/default/default.settings.php': "<?php\n$databases = [];\n$settings['hash_salt'] = '';\n",
  'sites/example.sites.php': '<?php\n// $sites[\'example.com\'] = \'example.com\';\n',
  'sites/README.txt': 'Each site has its own directory here, named by its uri.\n',
  'modules/README.txt': 'Contributed modules go here.\n',
  'themes/README.txt': 'Contributed themes go here.\n',
  'profiles/README.txt': 'Installation profiles go here.\n',
};

/** PHP that connects to the database named in a generic PHP site's settings array `$settings`. */
const CONNECT = [
  "$db = $settings['db'];",
  "$driver = $db['driver'] === 'mysql' ? 'mysql' : 'pgsql';",
  "$dsn = \"{$driver}:host={$db['host']};port={$db['port']};dbname={$db['name']}\";",
  "if ( $driver === 'mysql' && $db['host'] === 'localhost' ) {",
  "  $dsn = \"mysql:unix_socket=/run/mysqld/mysqld.sock;dbname={$db['name']}\";",
  '}',
  "$pdo = new PDO( $dsn, $db['user'], $db['password'], [ PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION ] );",
];

/**
 * A generic PHP app. `aegir-install.php` (run once per site by install, with AEGIR_SETTINGS) makes
 * its table; index.php loads `sites/<SERVER_NAME>/settings.php`, connects to the site's database
 * and prints the uri, the database name the server reports and the rows the installer and each
 * visit left: a page only a site whose installer ran, on its own database, can show.
 */
export const genericPhpTree: Tree = {
  'aegir-install.php': [
    '<?php',
    "$settings = require getenv( 'AEGIR_SETTINGS' );",
    ...CONNECT,
    "$pdo->exec( 'CREATE TABLE visits (note VARCHAR(64) NOT NULL)' );",
    "$pdo->exec( \"INSERT INTO visits (note) VALUES ('installed')\" );",
    "echo 'installed ', $settings['uri'], \"\\n\";",
    '',
  ].join('\n'),
  'index.php': [
    '<?php',
    "header( 'Content-Type: text/plain; charset=utf-8' );",
    "$site = isset( $_SERVER['SERVER_NAME'] ) ? strtolower( $_SERVER['SERVER_NAME'] ) : '';",
    "$file = __DIR__ . '/sites/' . $site . '/settings.php';",
    "if ( preg_match( '/^[a-z0-9.-]+$/', $site ) !== 1 || !is_file( $file ) ) {",
    '  http_response_code( 404 );',
    '  echo "no site here\\n";',
    '  exit;',
    '}',
    '$settings = require $file;',
    ...CONNECT,
    "$current = $driver === 'mysql' ? 'SELECT DATABASE()' : 'SELECT current_database()';",
    "$pdo->exec( \"INSERT INTO visits (note) VALUES ('visit')\" );",
    "$notes = $pdo->query( 'SELECT note, COUNT(*) FROM visits GROUP BY note ORDER BY note' )->fetchAll( PDO::FETCH_KEY_PAIR );",
    "echo 'site: ', $settings['uri'], \"\\n\";",
    "echo 'database: ', $pdo->query( $current )->fetchColumn(), \"\\n\";",
    "foreach ( $notes as $note => $count ) {",
    "  echo $note, ': ', $count, \"\\n\";",
    '}',
    '',
  ].join('\n'),
  'sites/README.txt': 'Aegir writes sites/<uri>/settings.php for each site.\n',
};

/** The generic PHP app with an installer that fails half way (after making its table). */
export const failingInstallerPhpTree: Tree = {
  ...genericPhpTree,
  'aegir-install.php': [
    '<?php',
    "$settings = require getenv( 'AEGIR_SETTINGS' );",
    ...CONNECT,
    "$pdo->exec( 'CREATE TABLE visits (note VARCHAR(64) NOT NULL)' );",
    "fwrite( STDERR, \"the installer of this test app fails on purpose\\n\" );",
    'exit( 3 );',
    '',
  ].join('\n'),
};
