import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerGroupList } from './list.js';
import { registerServerAdd } from './server-add.js';
import { registerServerRemove } from './server-remove.js';
import { registerServerSet } from './server-set.js';

export function registerServer(program: Command, ctx: CliContext): void {
  const group = program.command('server').description('manage servers (machines with http, db and files services)');
  registerServerAdd(group, ctx);
  registerGroupList(group, ctx, 'servers');
  registerServerSet(group, ctx);
  registerServerRemove(group, ctx);
}
