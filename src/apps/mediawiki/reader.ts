/**
 * Reading a MediaWiki site's `LocalSettings.php` that Aegir did not write: it assigns `$wgDB*`
 * globals; the functions it may call are stubs here. A constant program (see ../settings-read.ts).
 */
import type { AppSettingsReader } from '../types.js';

export const MEDIAWIKI_READER: AppSettingsReader = {
  file: 'LocalSettings.php',
  script: [
    "define('MEDIAWIKI', true);",
    'function wfLoadSkin($n) {} function wfLoadSkins($n) {} function wfLoadExtension($n) {} function wfLoadExtensions($n) {}',
    "$IP = getenv('AEGIR_PLATFORM');",
    'ob_start();',
    "require getenv('AEGIR_SETTINGS');",
    'ob_end_clean();',
    "$host = isset($wgDBserver) ? (string) $wgDBserver : null; $port = isset($wgDBport) ? (int) $wgDBport : null;",
    "if ($host !== null && preg_match('/^(.*):(\\d+)$/', $host, $m) === 1) { $host = $m[1]; $port = (int) $m[2]; }",
    "echo json_encode(['driver' => $wgDBtype ?? null, 'name' => $wgDBname ?? null, 'user' => $wgDBuser ?? null, 'password' => $wgDBpassword ?? null,",
    "  'host' => $host, 'port' => $port, 'salt' => $wgSecretKey ?? null]);",
  ].join('\n'),
};
