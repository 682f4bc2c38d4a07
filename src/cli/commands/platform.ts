import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerGroupList } from './list.js';
import { registerPlatformAdd } from './platform-add.js';
import { registerPlatformRemove } from './platform-remove.js';
import { registerPlatformSet } from './platform-set.js';

export function registerPlatform(program: Command, ctx: CliContext): void {
  const group = program.command('platform').description('manage platforms (codebases that sites run on)');
  registerPlatformAdd(group, ctx);
  registerGroupList(group, ctx, 'platforms');
  registerPlatformSet(group, ctx);
  registerPlatformRemove(group, ctx);
}
