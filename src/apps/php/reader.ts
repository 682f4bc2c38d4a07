/**
 * Reading a generic PHP site's `settings.php` that Aegir did not write: the file returns an array
 * with `db` and `hash_salt`. A constant program (see ../settings-read.ts).
 */
import type { AppSettingsReader } from '../types.js';

export const PHP_READER: AppSettingsReader = {
  file: 'settings.php',
  script: [
    'ob_start();',
    "$s = require getenv('AEGIR_SETTINGS');",
    'ob_end_clean();',
    "$d = is_array($s) && isset($s['db']) && is_array($s['db']) ? $s['db'] : [];",
    "echo json_encode(['driver' => $d['driver'] ?? null, 'name' => $d['name'] ?? null, 'user' => $d['user'] ?? null, 'password' => $d['password'] ?? null,",
    "  'host' => $d['host'] ?? null, 'port' => $d['port'] ?? null, 'salt' => $s['hash_salt'] ?? null]);",
  ].join('\n'),
};
