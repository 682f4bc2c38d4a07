/** WordPress's platform switch: `wp-config.php` at the root loads `sites/<uri>/wp-config.php`. */
import type { SwitchFileOptions } from '../switch-file.js';

/** The environment variable that names the site on the command line. */
export const WORDPRESS_SITE_ENV = 'WP_SITE';

export const WORDPRESS_SWITCH: SwitchFileOptions = {
  app: 'WordPress',
  fileName: 'wp-config.php',
  envVar: WORDPRESS_SITE_ENV,
};
