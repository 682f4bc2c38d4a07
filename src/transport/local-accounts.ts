import { runProcess } from './run-process.js';

type Database = 'passwd' | 'group';

/**
 * Users and groups of the hub, looked up with `getent` (so NSS sources count, not only
 * /etc/passwd) and cached for the life of the object. Numeric names are taken as ids.
 */
export class LocalAccounts {
  private readonly cache = new Map<string, { id: number; name: string } | null>();

  async uid(owner: string): Promise<number> {
    return this.idOf('passwd', owner);
  }

  async gid(group: string): Promise<number> {
    return this.idOf('group', group);
  }

  async userName(uid: number): Promise<string> {
    return (await this.lookup('passwd', String(uid)))?.name ?? String(uid);
  }

  async groupName(gid: number): Promise<string> {
    return (await this.lookup('group', String(gid)))?.name ?? String(gid);
  }

  private async idOf(db: Database, key: string): Promise<number> {
    const entry = await this.lookup(db, key);
    if (entry !== null) return entry.id;
    if (/^\d+$/.test(key)) return Number(key);
    throw new Error(`no such ${db === 'passwd' ? 'user' : 'group'}: ${key}`);
  }

  private async lookup(db: Database, key: string): Promise<{ id: number; name: string } | null> {
    const cacheKey = `${db}:${key}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const result = await runProcess({ argv: ['getent', db, '--', key] });
    const fields = result.exitCode === 0 ? result.stdout.toString('utf8').split('\n')[0]?.split(':') : undefined;
    const entry =
      fields !== undefined && fields.length >= 3 && fields[0] !== undefined
        ? { name: fields[0], id: Number(fields[2]) }
        : null;
    this.cache.set(cacheKey, entry);
    return entry;
  }
}
