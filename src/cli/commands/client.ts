import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerGroupList } from './list.js';
import { registerClientAdd } from './client-add.js';
import { registerClientRemove } from './client-remove.js';

export function registerClient(program: Command, ctx: CliContext): void {
  const group = program.command('client').description('manage clients (tenants that own sites)');
  registerClientAdd(group, ctx);
  registerGroupList(group, ctx, 'clients');
  registerClientRemove(group, ctx);
}
