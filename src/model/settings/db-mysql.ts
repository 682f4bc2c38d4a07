import { z } from 'zod';
import { hostSetting, portSetting, secretSetting, socketSetting, userSetting } from './fields.js';

/**
 * Settings of `db.mysql` (MySQL or MariaDB): the admin account the hub uses. `host` is the
 * address the hub connects to when it differs from the server's host. `socket` is for a db server
 * on the hub itself: the hub connects through that Unix socket (e.g. as root by socket
 * authentication, with no password), instead of TCP.
 */
export const dbMysqlSettings = z.strictObject({
  user: userSetting.default('root'),
  password: secretSetting.optional(),
  port: portSetting.default(3306),
  host: hostSetting.optional(),
  socket: socketSetting.optional(),
});

export type DbMysqlSettings = z.output<typeof dbMysqlSettings>;
