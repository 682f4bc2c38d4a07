/**
 * Real codebases to host in tests, built once per machine and cached on the hub under
 * /var/cache/aegir-test/platforms/<kind>-<package versions>-r<recipe> (AEGIR_TEST_PLATFORM_CACHE
 * moves it). A platform directory is complete once it exists: it is built in a scratch directory
 * beside it and renamed into place, under a lock so parallel test files build it once.
 *
 * Tests hand a platform's directory to Aegir as the platform's `--source` on the hub; Aegir pushes
 * it to the web heads. Never write into a cached platform: it is shared by every test run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '../fixture/exec.js';
import { RECIPES, type PlatformKind } from './platform-recipes.js';

export type { PlatformKind } from './platform-recipes.js';
export { MINIMAL_DRUPAL_VERSION } from './platform-trees.js';

/** Debian packages the real-application tests need beyond the web stack. */
export const PLATFORM_PACKAGES = [
  'mediawiki', 'wordpress', 'wordpress-theme-twentytwentythree', 'php-intl', 'php-mbstring', 'php-xml',
] as const;

export interface TestPlatform {
  readonly kind: PlatformKind;
  /** The built codebase on the hub (read-only by convention). */
  readonly dir: string;
  /** The cache key: kind, package versions, recipe revision. */
  readonly key: string;
}

const LOCK_STALE_MS = 10 * 60_000;

export function platformCacheDir(): string {
  return process.env.AEGIR_TEST_PLATFORM_CACHE ?? '/var/cache/aegir-test/platforms';
}

/** The installed version of a Debian package, or undefined. */
export function packageVersion(name: string): string | undefined {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}\t${Version}', name], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const [status, version] = result.stdout.split('\t');
  return status?.endsWith(' installed') && version ? version : undefined;
}

/** Installs whichever of PLATFORM_PACKAGES is missing (waits for a concurrent apt run). */
export async function ensurePlatformPackages(): Promise<void> {
  const missing = PLATFORM_PACKAGES.filter((name) => packageVersion(name) === undefined);
  if (missing.length === 0) return;
  const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive', LANG: 'C.UTF-8' };
  const install = ['apt-get', '-o', 'DPkg::Lock::Timeout=900', 'install', '-y', '-q', '--no-install-recommends', ...missing];
  let result = await runCommand(install, { env });
  if (result.exitCode !== 0) {
    await runCommand(['apt-get', '-o', 'DPkg::Lock::Timeout=900', 'update', '-q'], { env });
    result = await runCommand(install, { env });
  }
  if (result.exitCode !== 0) {
    throw new Error(`cannot install ${missing.join(' ')}: ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
  }
}

/** The cache key of a kind with the packages installed now. */
export function platformKey(kind: PlatformKind): string {
  const recipe = RECIPES[kind];
  const versions = recipe.packages.map((name) => {
    const version = packageVersion(name);
    if (version === undefined) throw new Error(`package ${name} is not installed`);
    return version;
  });
  return [kind, ...new Set(versions), `r${recipe.revision}`].join('-').replace(/[^A-Za-z0-9.+-]/g, '_');
}

/** The platform of this kind, built now unless the cache has it. */
export async function testPlatform(kind: PlatformKind): Promise<TestPlatform> {
  if (RECIPES[kind].packages.length > 0) await ensurePlatformPackages();
  const key = platformKey(kind);
  const root = platformCacheDir();
  const dir = join(root, key);
  if (existsSync(dir)) return { kind, dir, key };
  await mkdir(root, { recursive: true, mode: 0o755 });
  const lock = join(root, `${key}.lock`);
  await acquire(lock);
  try {
    if (existsSync(dir)) return { kind, dir, key };
    const scratch = join(root, `${key}.building-${process.pid}`);
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { mode: 0o755 });
    try {
      await RECIPES[kind].build(scratch);
      await rename(scratch, dir);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    removeOldBuilds(root, kind, key);
    return { kind, dir, key };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Several platforms, built one after the other (the machine has two cores). */
export async function testPlatforms<K extends PlatformKind>(kinds: readonly K[]): Promise<Record<K, TestPlatform>> {
  const result = {} as Record<K, TestPlatform>;
  for (const kind of kinds) result[kind] = await testPlatform(kind);
  return result;
}

async function acquire(lock: string): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Earlier builds of the same kind (older package versions or recipes) are not kept. */
function removeOldBuilds(root: string, kind: PlatformKind, keep: string): void {
  for (const entry of readdirSync(root)) {
    if (entry === keep || entry.endsWith('.lock') || entry.includes('.building-')) continue;
    if (entry.startsWith(`${kind}-`) || entry === kind) rmSync(join(root, entry), { recursive: true, force: true });
  }
}
