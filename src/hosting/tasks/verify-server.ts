import { planVerifyServer, serverOf, type VerifyServerFacts } from '../../tasks/verify-server.js';
import type { TaskDefinition } from './definition.js';

export const verifyServerTask: TaskDefinition<VerifyServerFacts> = {
  verb: 'verify',
  targetKind: 'server',
  servers: (inventory, target) => [serverOf(inventory, target).alias],
  gather: () => Promise.resolve({}),
  plan: planVerifyServer,
};
