import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What `init` finds installed on the hub: the http and db implementations for `@localhost`. */
export interface DetectedServices {
  readonly http: 'nginx' | 'apache' | 'null';
  readonly db: 'mysql' | 'postgres' | 'null';
}

function searchPath(pathEnv: string | undefined): string[] {
  return (pathEnv ?? '').split(delimiter).filter((d) => d !== '');
}

/** True when an executable `name` is found in one of `dirs`. */
export function hasExecutable(name: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Looks in PATH. http: nginx, else apache (apache2 or httpd), else null; db: mysql (mariadbd or mysqld), else postgres, else null. */
export function detectServices(pathEnv: string | undefined = process.env.PATH): DetectedServices {
  const dirs = searchPath(pathEnv);
  const has = (name: string): boolean => hasExecutable(name, dirs);
  const http = has('nginx') ? 'nginx' : has('apache2') || has('httpd') ? 'apache' : 'null';
  const db = has('mariadbd') || has('mysqld') ? 'mysql' : has('postgres') ? 'postgres' : 'null';
  return { http, db };
}
