import { z } from 'zod';
import { entityAliasSchema } from './fields.js';
import { firstDuplicate, listOf } from './list-input.js';
import { parseEntity } from './zod-issues.js';

/**
 * A named group of web servers that stands wherever one web server can. That members exist,
 * serve http and share one implementation is checked against the inventory (rules.ts).
 */
export const clusterSchema = z
  .strictObject({
    alias: entityAliasSchema,
    servers: listOf(entityAliasSchema).pipe(z.array(z.string()).min(1, 'must list at least one server')),
  })
  .superRefine((cluster, ctx) => {
    const twice = firstDuplicate(cluster.servers);
    if (twice !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['servers'], message: `lists ${twice} twice (each server once)` });
    }
  });

export type Cluster = z.output<typeof clusterSchema>;

/** Validates a cluster; `servers` may be an array or a comma-separated string. */
export function parseCluster(raw: unknown): Cluster {
  return parseEntity(clusterSchema, raw, { what: 'a cluster' });
}
