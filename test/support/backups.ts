import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Damages a backup archive on the hub so that its import fails (a line that is not SQL after the
 * dump), and records the new checksum, so that restore takes it and fails only at the import.
 */
export function damageBackup(home: string, backup: { readonly id: number; readonly file: string }): void {
  const path = `${home}/backups/${backup.file}`;
  const work = `${home}/broken-${backup.id}`;
  mkdirSync(work, { recursive: true });
  execFileSync('tar', ['-xzf', path, '-C', work]);
  appendFileSync(`${work}/db/database.sql`, 'THIS IS NOT SQL;\n');
  execFileSync('tar', ['-czf', path, '-C', work, 'db', 'site']);
  const sum = execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0] ?? '';
  const db = new Database(`${home}/aegir.db`);
  try {
    db.prepare('UPDATE backups SET sha256 = ? WHERE id = ?').run(sum, backup.id);
  } finally {
    db.close();
  }
}
