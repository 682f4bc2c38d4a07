import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActionResult } from '../../engine/index.js';
import type { Plan, PreviousContent } from '../../plan/index.js';

/**
 * The hub's copy of every file it placed on each server, as last placed: the base of the diffs
 * a dry run prints. `<home>/master/<server>/<absolute path>`, owner-only. A sensitive file (one
 * that holds a secret) is kept only as a checksum, never in clear.
 */
export class MasterCopy {
  constructor(private readonly home: string) {}

  private fileOf(server: string, path: string): string {
    return join(this.home, 'master', server.replace(/^@/, ''), path);
  }

  /** What the hub last placed at `path` on `server` (undefined: nothing, or a sensitive file). */
  readonly previous: PreviousContent = (server, path) => {
    try {
      return readFileSync(this.fileOf(server, path), 'utf8');
    } catch {
      return undefined;
    }
  };

  /** After a run: remember the files that are now in place, forget the paths that were removed. */
  record(plan: Plan, results: readonly ActionResult[]): void {
    const done = new Set(results.filter((r) => r.status === 'ok' || r.status === 'changed').map((r) => r.id));
    for (const action of plan.actions) {
      if (!done.has(action.id)) continue;
      if (action.kind === 'writeFile') {
        const content = action.sensitive ? `sha256:${createHash('sha256').update(action.content).digest('hex')}\n` : action.content;
        this.write(this.fileOf(action.server, action.path) + (action.sensitive ? '.sensitive' : ''), content);
        if (!action.sensitive) rmSync(this.fileOf(action.server, action.path) + '.sensitive', { force: true });
      } else if (action.kind === 'removePath') {
        const file = this.fileOf(action.server, action.path);
        rmSync(file, { force: true, recursive: true });
        rmSync(file + '.sensitive', { force: true });
      }
    }
  }

  private write(file: string, content: string): void {
    if (readOrUndefined(file) === content) return;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.tmp-${process.pid}`;
    writeFileSync(temp, content, { mode: 0o600 });
    renameSync(temp, file);
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
