import { randomBytes } from 'node:crypto';
import { planVerifyServer, serverOf, type VerifyServerFacts } from '../../tasks/verify-server.js';
import type { TaskDefinition } from './definition.js';

/**
 * `verify @server` as the hub runs it. Its one fact is a fresh nonce for the db service's test
 * database (16 hex digits), so two verifies never collide and a dry run needs no connection.
 */
export const verifyServerTask: TaskDefinition<VerifyServerFacts> = {
  verb: 'verify',
  targetKind: 'server',
  servers: (inventory, target) => [serverOf(inventory, target).alias],
  gather: () => Promise.resolve({ nonce: randomBytes(8).toString('hex') }),
  plan: planVerifyServer,
};
