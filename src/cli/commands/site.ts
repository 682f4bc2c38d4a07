import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerGroupList } from './list.js';
import { registerSiteAdd } from './site-add.js';
import { registerSiteRemove } from './site-remove.js';
import { registerSiteSet } from './site-set.js';

export function registerSite(program: Command, ctx: CliContext): void {
  const group = program.command('site').description('manage sites (uris on platforms, with a database)');
  registerSiteAdd(group, ctx);
  registerGroupList(group, ctx, 'sites');
  registerSiteSet(group, ctx);
  registerSiteRemove(group, ctx);
}
