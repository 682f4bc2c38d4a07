/**
 * What each line of the README's quick start must have done the moment it returns, seen the way
 * its reader would see it: `curl` on the machine that serves the site. No check waits or asks twice
 * for the same thing to come true: a task that succeeded is live. Each check asks REQUESTS times in
 * a row, and every answer must be the expected one.
 *
 * The site is the generic PHP test app: its page names the uri, the database it reads and the rows
 * of its `visits` table (one `installed`, one `visit` per request), so a page proves which database
 * serves it and what that database holds.
 */
import { expect } from 'vitest';
import type { CurlPage } from './quick-start.js';

const REQUESTS = 3;
const DISABLED = 'This site is disabled.';

/** The machine the quick start ran on, as a test reads it. */
export interface QuickStartBox {
  /** `curl -sS -i -H 'Host: <name>' http://127.0.0.1/` on that machine. */
  curl(name: string): Promise<CurlPage>;
  /** One SQL statement as MariaDB's root on that machine; rows as tab-separated lines. */
  query(sql: string): Promise<string[]>;
  /** The hub's backup archives: file name and permission bits. */
  backups(): Promise<{ readonly name: string; readonly mode: number }[]>;
}

/** The test app's page: which site, which database, how many rows of each note. */
export interface AppPage {
  readonly uri: string;
  readonly database: string;
  readonly notes: Readonly<Record<string, number>>;
}

export function appPage(page: CurlPage, name: string): AppPage {
  const why = `${name}: ${page.status} ${page.body.slice(0, 300)}`;
  expect(page.generation, `${why}\n(answered by Aegir's default server)`).toBeUndefined();
  expect(page.status, why).toBe(200);
  const match = /^site: (\S+)\ndatabase: (\w+)\n((?:[a-z]+: \d+\n)*)$/.exec(page.body);
  expect(match, why).not.toBeNull();
  const notes = Object.fromEntries((match?.[3] ?? '').split('\n').filter((line) => line !== '').map((line) => {
    const [note = '', count = ''] = line.split(': ');
    return [note, Number(count)];
  }));
  return { uri: match?.[1] ?? '', database: match?.[2] ?? '', notes };
}

/** The checks of the quick start's lines (those that have one), keyed by the README's exact line. */
export class QuickStartChecks {
  /** The database serving app.localhost (then app2.localhost) now. */
  private database = '';
  private copyDatabase = '';

  constructor(private readonly box: QuickStartBox) {}

  /** REQUESTS answers in a row for `name`, each checked by `expectation`; the first is returned. */
  private async atOnce<T>(name: string, expectation: (page: CurlPage) => T): Promise<T> {
    const answers: T[] = [];
    for (let i = 0; i < REQUESTS; i += 1) answers.push(expectation(await this.box.curl(name)));
    return answers[0] as T;
  }

  private served(name: string, check: (page: AppPage) => void): Promise<AppPage> {
    return this.atOnce(name, (raw) => {
      const page = appPage(raw, name);
      expect(page.uri, name).toBe(name);
      check(page);
      return page;
    });
  }

  private async byDefaultServer(name: string): Promise<void> {
    await this.atOnce(name, (page) => {
      expect({ name, status: page.status, generation: typeof page.generation }).toEqual({ name, status: 404, generation: 'string' });
    });
  }

  private async databases(): Promise<readonly string[]> {
    return this.box.query('SHOW DATABASES');
  }

  private async archives(uri: string): Promise<{ readonly name: string; readonly mode: number }[]> {
    const pattern = new RegExp(`^${uri.replaceAll('.', '\\.')}-\\d{8}-\\d{6}\\.tar\\.gz$`);
    return (await this.box.backups()).filter((archive) => pattern.test(archive.name));
  }

  /** The quick start's own curl line: its output is the site's page. */
  firstPage(stdout: string): void {
    const page = appPage({ status: 200, generation: undefined, body: stdout }, 'app.localhost');
    expect(page.uri).toBe('app.localhost');
    expect(page.notes.installed).toBe(1);
    this.database = page.database;
  }

  readonly verbs: Readonly<Record<string, () => Promise<void>>> = {
    'aegir backup @app.localhost': async () => {
      await this.served('app.localhost', (page) => expect(page.database).toBe(this.database));
      expect(await this.archives('app.localhost')).toEqual([{ name: expect.any(String), mode: 0o600 }]);
      // A change after the backup, which the clone carries and the restore takes away.
      await this.box.query(`INSERT INTO \`${this.database}\`.visits (note) VALUES ('changed')`);
      await this.served('app.localhost', (page) => expect(page.notes.changed).toBe(1));
    },
    'aegir clone @app.localhost copy.localhost': async () => {
      const copy = await this.served('copy.localhost', (page) => {
        expect(page.database).not.toBe(this.database);
        expect(page.notes.changed).toBe(1);
      });
      this.copyDatabase = copy.database;
      await this.served('app.localhost', (page) => expect(page.database).toBe(this.database));
    },
    'aegir restore @app.localhost 1': async () => {
      const before = this.database;
      const page = await this.served('app.localhost', (restored) => {
        expect(restored.database).not.toBe(before);
        expect(restored.notes.installed).toBe(1);
        expect(restored.notes.changed).toBeUndefined();
      });
      this.database = page.database;
      expect(await this.databases()).not.toContain(before);
      await this.served('copy.localhost', (copy) => expect(copy.notes.changed).toBe(1));
    },
    'aegir migrate @app.localhost --uri app2.localhost': async () => {
      const before = this.database;
      const page = await this.served('app2.localhost', (moved) => {
        expect(moved.database).not.toBe(before);
        expect(moved.notes.installed).toBe(1);
        expect(moved.notes.changed).toBeUndefined();
      });
      this.database = page.database;
      await this.byDefaultServer('app.localhost');
      expect(await this.databases()).not.toContain(before);
    },
    'aegir disable @app2.localhost': async () => {
      await this.atOnce('app2.localhost', (page) => {
        expect({ status: page.status, body: page.body.trim(), generation: page.generation }).toEqual({ status: 503, body: DISABLED, generation: undefined });
      });
    },
    'aegir enable @app2.localhost': async () => {
      await this.served('app2.localhost', (page) => expect(page.database).toBe(this.database));
    },
    'aegir delete @app2.localhost --force --yes': async () => {
      await this.byDefaultServer('app2.localhost');
      // Backed up first: the archive of the deleted site stays on the hub.
      expect(await this.archives('app2.localhost')).toEqual([{ name: expect.any(String), mode: 0o600 }]);
      expect(await this.databases()).not.toContain(this.database);
      await this.served('copy.localhost', (copy) => expect(copy.database).toBe(this.copyDatabase));
    },
  };
}
