/** db.null: the server hosts no databases. Every plan is empty. */
import { siteDbNames } from './names.js';
import type { DbService } from './types.js';

export const nullDbService: DbService<'db.null'> = {
  id: 'db.null',
  siteDbNames,
  ensureSiteDatabase: () => [],
  dropSiteDatabase: () => [],
  verifyServer: () => [],
  siteLoginCheck: () => [],
};
