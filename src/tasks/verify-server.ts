import { NotFoundError, type Inventory, type Server } from '../model/index.js';
import { createPlan, type Action, type Plan } from '../plan/index.js';
import { bindHttpService } from '../services/http/index.js';
import type { PlanInput } from './types.js';

/** Facts `verify @server` needs: none yet (the db service checks itself with SQL). */
export type VerifyServerFacts = Record<string, never>;

/**
 * `verify @server`: converge the server-level configuration of each of its services: the web
 * server's Aegir config (default vhost, include of the vhost directory) tested before one reload.
 */
export function planVerifyServer(input: PlanInput<VerifyServerFacts>): Plan {
  const server = serverOf(input.inventory, input.target);
  const actions: Action[] = [...bindHttpService(server.services.http).serverPlanActions({ server: server.alias })];
  return createPlan(`verify ${server.alias}`, actions);
}

export function serverOf(inventory: Inventory, alias: string): Server {
  const server = inventory.servers.find((s) => s.alias === alias);
  if (server === undefined) throw new NotFoundError('server', alias);
  return server;
}
