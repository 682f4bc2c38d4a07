import { z } from 'zod';

/** Settings of `http.null`: none; the server serves no web sites. */
export const httpNullSettings = z.strictObject({});

export type HttpNullSettings = z.output<typeof httpNullSettings>;
