import { z } from 'zod';
import { hostSetting, portSetting, secretSetting, userSetting } from './fields.js';

/**
 * Settings of `db.mysql` (MySQL or MariaDB): the admin account the hub uses. `host` is the
 * address the hub connects to when it differs from the server's host.
 */
export const dbMysqlSettings = z.strictObject({
  user: userSetting.default('root'),
  password: secretSetting.optional(),
  port: portSetting.default(3306),
  host: hostSetting.optional(),
});

export type DbMysqlSettings = z.output<typeof dbMysqlSettings>;
