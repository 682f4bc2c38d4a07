import { z } from 'zod';
import { hostSetting, portSetting, secretSetting, userSetting } from './fields.js';

/** Settings of `db.postgres`: the admin role the hub uses, and where to reach it. */
export const dbPostgresSettings = z.strictObject({
  user: userSetting.default('postgres'),
  password: secretSetting.optional(),
  port: portSetting.default(5432),
  host: hostSetting.optional(),
});

export type DbPostgresSettings = z.output<typeof dbPostgresSettings>;
