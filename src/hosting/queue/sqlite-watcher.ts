import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { QueueListener } from './pg-listener.js';

/**
 * SQLite has no LISTEN/NOTIFY: an idle daemon on a SQLite hub watches the database's directory
 * instead, and a write to the database file or its WAL (a task queued by the CLI, a lease freed)
 * wakes its workers at once. Wakes are coalesced per turn of the event loop. The poll stays as
 * the safety net (a filesystem that reports no events).
 */
export function watchSqliteQueue(file: string, onChange: () => void, onError: (error: Error) => void): QueueListener {
  const name = basename(file);
  let pending = false;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed !== null && !String(changed).startsWith(name)) return;
      if (pending) return;
      pending = true;
      setImmediate(() => {
        pending = false;
        onChange();
      });
    });
    watcher.on('error', onError);
  } catch (error) {
    onError(error instanceof Error ? error : new Error(String(error)));
  }
  return {
    close: () => {
      watcher?.close();
      return Promise.resolve();
    },
  };
}
