import { accessSync, constants, statSync } from 'node:fs';
import { ValidationError, type Server } from '../../model/index.js';

/**
 * A server's own ssh key is a file on the hub that ssh will use: it exists, is a regular file the
 * hub can read, and is readable by its owner only (ssh refuses a private key others can read).
 */
export function checkSshKeyFile(server: Pick<Server, 'sshKey'>, previous?: Pick<Server, 'sshKey'>): void {
  const path = server.sshKey;
  if (path === undefined || path === previous?.sshKey) return;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) throw new ValidationError('sshKey', path, 'does not exist on the hub (give the path of a private key file)');
  if (!stat.isFile()) throw new ValidationError('sshKey', path, 'is not a regular file (give the path of a private key file)');
  if ((stat.mode & 0o077) !== 0) {
    throw new ValidationError('sshKey', path, `is readable by others (mode ${(stat.mode & 0o777).toString(8)}): ssh refuses such a key (chmod 600 it)`);
  }
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new ValidationError('sshKey', path, 'cannot be read by the hub');
  }
}
