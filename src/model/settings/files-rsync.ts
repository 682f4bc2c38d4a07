import { z } from 'zod';
import { userSetting } from './fields.js';

/** Settings of `files.rsync`: the ssh user rsync pushes as. */
export const filesRsyncSettings = z.strictObject({
  user: userSetting.default('root'),
});

export type FilesRsyncSettings = z.output<typeof filesRsyncSettings>;
