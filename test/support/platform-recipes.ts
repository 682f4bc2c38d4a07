/**
 * How each test platform is made from what is installed on this machine. Every recipe writes a
 * complete, self-contained codebase into an empty directory: no symlink points out of it (Debian's
 * packages link into /etc, /var/lib and /var/cache), and nothing in it is shared between sites.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runChecked } from '../fixture/exec.js';
import { failingInstallerPhpTree, genericPhpTree, minimalDrupalTree, MINIMAL_DRUPAL_VERSION, type Tree } from './platform-trees.js';

/** `php-failing-installer`: a generic PHP app whose install script fails (to test the undo of an install). */
export type PlatformKind = 'mediawiki' | 'wordpress' | 'drupal' | 'php' | 'php-failing-installer';

export interface Recipe {
  /** Debian packages the recipe copies from (their versions key the cache). */
  readonly packages: readonly string[];
  /** A version of the recipe itself: bump it when the recipe changes. */
  readonly revision: number;
  build(dir: string): Promise<void>;
}

export const MEDIAWIKI_PACKAGE_DIR = '/usr/share/mediawiki';
export const WORDPRESS_PACKAGE_DIR = '/usr/share/wordpress';

/**
 * Replaces Debian's includes/PlatformSettings.php, which points every wiki at one shared cache and
 * log directory: each site's own LocalSettings.php sets those.
 */
const MEDIAWIKI_PLATFORM_SETTINGS = [
  '<?php',
  '// Platform defaults shared by every wiki of this codebase: none. Each site sets its own cache,',
  '// temporary and upload directories in sites/<uri>/LocalSettings.php.',
  '',
].join('\n');

async function writeTree(dir: string, tree: Tree): Promise<void> {
  for (const [path, content] of Object.entries(tree)) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { mode: 0o644 });
  }
}

/**
 * MediaWiki 1.39 from Debian's package, slimmed: no bundled extensions (an empty `extensions/`),
 * the Vector skin only, English messages only. The four top-level links (LocalSettings.php, config,
 * extensions, images) are not copied: Aegir writes the LocalSettings.php switch; `images/` is an
 * empty directory (each wiki uploads into its own site directory).
 */
const mediawiki: Recipe = {
  packages: ['mediawiki'],
  revision: 1,
  async build(dir) {
    await runChecked([
      'rsync', '-a', '--no-links',
      '--exclude=/LocalSettings.php', '--exclude=/config', '--exclude=/extensions', '--exclude=/images',
      '--exclude=/extensions-core', '--exclude=/tests', '--exclude=/docs',
      '--exclude=/skins/MinervaNeue', '--exclude=/skins/MonoBook', '--exclude=/skins/Timeless',
      '--include=/languages/i18n/**/en.json', '--include=/languages/i18n/en.json', '--include=/languages/i18n/qqq.json',
      '--exclude=/languages/i18n/**.json',
      `${MEDIAWIKI_PACKAGE_DIR}/`, `${dir}/`,
    ]);
    await mkdir(join(dir, 'extensions'), { mode: 0o755 });
    await mkdir(join(dir, 'images'), { mode: 0o755 });
    await mkdir(join(dir, 'sites'), { mode: 0o755 });
    await writeFile(join(dir, 'includes/PlatformSettings.php'), MEDIAWIKI_PLATFORM_SETTINGS);
  },
};

/**
 * WordPress 6.1 from Debian's package with every link followed (`cp -rL`: getID3 from
 * /usr/share/php, the CA bundle from /etc/ssl), the twentytwentythree theme from its own package,
 * and without Debian's wp-config.php (it reads /etc/wordpress) and .htaccess link: Aegir writes the
 * wp-config.php switch.
 */
const wordpress: Recipe = {
  packages: ['wordpress', 'wordpress-theme-twentytwentythree'],
  revision: 1,
  async build(dir) {
    await runChecked(['cp', '-rL', '--no-preserve=ownership', `${WORDPRESS_PACKAGE_DIR}/.`, `${dir}/`]);
    await rm(join(dir, 'wp-config.php'), { force: true });
    await rm(join(dir, '.htaccess'), { force: true });
    await rm(join(dir, 'wp-config-sample.php'), { force: true });
    await mkdir(join(dir, 'sites'), { recursive: true, mode: 0o755 });
  },
};

const drupal: Recipe = {
  packages: [],
  revision: Number(MINIMAL_DRUPAL_VERSION.split('.')[0]) * 100 + 1,
  build: (dir) => writeTree(dir, minimalDrupalTree),
};

const php: Recipe = {
  packages: [],
  revision: 2,
  build: (dir) => writeTree(dir, genericPhpTree),
};

const phpFailingInstaller: Recipe = {
  packages: [],
  revision: 1,
  build: (dir) => writeTree(dir, failingInstallerPhpTree),
};

export const RECIPES: Readonly<Record<PlatformKind, Recipe>> = {
  mediawiki, wordpress, drupal, php, 'php-failing-installer': phpFailingInstaller,
};
