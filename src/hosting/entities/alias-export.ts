/** `alias export --drush DIR`: writes one Drush site alias file per Drupal site into DIR. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAbsolutePath, ValidationError } from '../../model/index.js';
import { checkActor, type Actor } from '../actor.js';
import type { Store } from '../../store/index.js';
import { drushAliasFiles } from '../../tasks/drush-aliases.js';

/**
 * Writes the files; returns the directory (normalised) and the files written, by name. `dir` must be absolute (a relative one would land wherever the
 * command happened to run), and is made when missing.
 */
export async function exportDrushAliases(store: Store, actor: Actor, dir: string): Promise<{ dir: string; written: string[] }> {
  checkActor(actor);
  const target = parseAbsolutePath('drush', dir);
  if (target === '/') throw new ValidationError('drush', dir, 'is / itself (give the directory for the alias files, e.g. /etc/drush/sites)');
  const files = drushAliasFiles(await store.loadInventory());
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    const path = join(target, file.fileName);
    const temp = `${path}.tmp-${process.pid}`;
    writeFileSync(temp, file.content, { mode: 0o644 });
    renameSync(temp, path);
  }
  return { dir: target, written: files.map((file) => file.fileName) };
}
