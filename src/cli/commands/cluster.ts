import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerGroupList } from './list.js';
import { registerClusterAdd } from './cluster-add.js';
import { registerClusterRemove } from './cluster-remove.js';
import { registerClusterSet } from './cluster-set.js';

export function registerCluster(program: Command, ctx: CliContext): void {
  const group = program.command('cluster').description('manage clusters (groups of web servers that stand in for one)');
  registerClusterAdd(group, ctx);
  registerGroupList(group, ctx, 'clusters');
  registerClusterSet(group, ctx);
  registerClusterRemove(group, ctx);
}
