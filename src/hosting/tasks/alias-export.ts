/** `alias export --drush DIR`: writes one Drush site alias file per Drupal site into DIR. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkActor, type Actor } from '../actor.js';
import type { Store } from '../../store/index.js';
import { drushAliasFiles } from '../../tasks/drush-aliases.js';

/** The files written, by name. */
export async function exportDrushAliases(store: Store, actor: Actor, dir: string): Promise<string[]> {
  checkActor(actor);
  const files = drushAliasFiles(await store.loadInventory());
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    const path = join(dir, file.fileName);
    const temp = `${path}.tmp-${process.pid}`;
    writeFileSync(temp, file.content, { mode: 0o644 });
    renameSync(temp, path);
  }
  return files.map((file) => file.fileName);
}
