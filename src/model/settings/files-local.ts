import { z } from 'zod';

/** Settings of `files.local`: none; files are written on the hub itself. */
export const filesLocalSettings = z.strictObject({});

export type FilesLocalSettings = z.output<typeof filesLocalSettings>;
