import { ValidationError } from './errors.js';
import { parseServer, type Server } from './server.js';
import { isServiceType, SERVICE_TYPES, type ServiceType } from './service.js';

/** A server as typed on the command line (`aegir server add`): strings, services by name. */
export interface ServerInput {
  readonly alias: string;
  readonly host: string;
  readonly sshPort?: string | number | undefined;
  readonly sshUser?: string | undefined;
  readonly sshKey?: string | undefined;
  /** Implementation names; defaults: http null, db null, files rsync. */
  readonly http?: string | undefined;
  readonly db?: string | undefined;
  readonly files?: string | undefined;
  /** `SERVICE.KEY=VALUE` assignments (`--set`), applied after the implementations are chosen. */
  readonly set?: readonly string[] | undefined;
}

/** Builds and validates a new server from command-line input. */
export function parseServerInput(input: ServerInput): Server {
  const draft: Draft = {
    alias: input.alias,
    host: input.host,
    ...(input.sshPort === undefined ? {} : { sshPort: input.sshPort }),
    ...(input.sshUser === undefined ? {} : { sshUser: input.sshUser }),
    ...(input.sshKey === undefined ? {} : { sshKey: input.sshKey }),
    services: {
      http: { impl: input.http ?? 'null', settings: {} },
      db: { impl: input.db ?? 'null', settings: {} },
      files: { impl: input.files ?? 'rsync', settings: {} },
    },
  };
  applyAssignments(draft, input.set ?? []);
  return parseServer(draft);
}

/**
 * Applies `KEY=VALUE` changes to a server and returns the validated result (the input is not
 * touched). Keys: `host`, `sshPort`, `sshUser`, `sshKey` (kebab-case accepted, e.g. `ssh-port`);
 * `http`/`db`/`files` to switch implementation (its settings restart from defaults);
 * `SERVICE.KEY` for a setting (`http.port=8080`, `http.php-fpm-socket=...`). An empty value
 * removes the field, so its default applies. Values are strings: numbers and argv lists are
 * coerced by the settings schemas. Implementation switches apply before settings.
 */
export function applySettings(server: Server, assignments: readonly string[]): Server {
  const draft: Draft = {
    ...server,
    services: {
      http: { impl: server.services.http.impl, settings: { ...server.services.http.settings } },
      db: { impl: server.services.db.impl, settings: { ...server.services.db.settings } },
      files: { impl: server.services.files.impl, settings: { ...server.services.files.settings } },
    },
  };
  applyAssignments(draft, assignments);
  return parseServer(draft);
}

interface Draft {
  [field: string]: unknown;
  services: Record<ServiceType, { impl: unknown; settings: Record<string, unknown> }>;
}

const SERVER_FIELDS = ['host', 'sshPort', 'sshUser', 'sshKey'] as const;

function applyAssignments(draft: Draft, assignments: readonly string[]): void {
  const parsed = assignments.map(splitAssignment);
  for (const { key, value } of parsed) {
    if (!isServiceType(key)) continue;
    if (draft.services[key].impl !== value) draft.services[key] = { impl: value, settings: {} };
  }
  for (const { key, value } of parsed) {
    if (isServiceType(key)) continue;
    const dot = key.indexOf('.');
    if (dot >= 0) {
      const type = key.slice(0, dot);
      if (!isServiceType(type)) {
        throw new ValidationError(key, value, `is not a setting (SERVICE.KEY with SERVICE one of: ${SERVICE_TYPES.join(', ')})`);
      }
      setOrRemove(draft.services[type].settings, camelCase(key.slice(dot + 1)), value);
      continue;
    }
    const field = camelCase(key);
    if (field === 'alias') throw new ValidationError('alias', value, 'cannot be changed (add a new server instead)');
    if (!(SERVER_FIELDS as readonly string[]).includes(field)) {
      throw new ValidationError(key, value, `is not a server field (one of: ${[...SERVER_FIELDS, ...SERVICE_TYPES].join(', ')}, or SERVICE.KEY)`);
    }
    setOrRemove(draft, field, value);
  }
}

function splitAssignment(assignment: string): { key: string; value: string } {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new ValidationError('setting', assignment, 'is not KEY=VALUE');
  return { key: assignment.slice(0, eq), value: assignment.slice(eq + 1) };
}

function setOrRemove(target: Record<string, unknown>, key: string, value: string): void {
  if (value === '') delete target[key];
  else target[key] = value;
}

/** `php-fpm-socket` -> `phpFpmSocket`; camelCase keys pass through. */
function camelCase(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
