import { AegirError } from '../model/errors.js';

/** Why a server could not be reached or talked to. A closed set, checked at runtime with `isTransportReason`. */
export const TRANSPORT_REASONS = [
  'unreachable',
  'timeout',
  'auth_refused',
  'host_key_changed',
  'host_key_unknown',
  'command_failed',
  'protocol',
] as const;
export type TransportReason = (typeof TRANSPORT_REASONS)[number];

export function isTransportReason(value: unknown): value is TransportReason {
  return typeof value === 'string' && (TRANSPORT_REASONS as readonly string[]).includes(value);
}

export interface TransportErrorInit {
  /** Alias of the server, e.g. `@web1`. */
  readonly server: string;
  /** Where it was reached, e.g. `10.231.5.2:22`; omitted for the hub itself. */
  readonly endpoint?: string;
  readonly reason: TransportReason;
  /** One short phrase: what happened, e.g. `connection refused`. */
  readonly detail: string;
  readonly retryable: boolean;
  /**
   * The failure came before the remote command could start (connecting, exchanging keys,
   * authenticating, opening the session): running the operation again cannot run it twice.
   * Default false: a failure that may have come after the start is never retried automatically.
   */
  readonly beforeCommand?: boolean;
  readonly exitCode?: number;
  /** The last lines of stderr, secrets already redacted. */
  readonly stderrTail?: string;
  readonly cause?: unknown;
}

/**
 * A failure to reach a server or to carry out a transport operation on it. Says which server,
 * what happened and whether a retry can help:
 * `@web1 (10.231.5.2:22): unreachable: connection refused (a retry may help)`.
 */
export class TransportError extends AegirError {
  readonly server: string;
  readonly endpoint: string | undefined;
  readonly reason: TransportReason;
  readonly detail: string;
  readonly retryable: boolean;
  readonly beforeCommand: boolean;
  readonly remoteExitCode: number | undefined;
  readonly stderrTail: string | undefined;

  constructor(init: TransportErrorInit) {
    const where = init.endpoint === undefined ? init.server : `${init.server} (${init.endpoint})`;
    const hint = init.retryable ? 'a retry may help' : 'a retry will not help';
    super(`transport_${init.reason}`, `${where}: ${init.reason}: ${init.detail} (${hint})`, {
      exitCode: 1,
      cause: init.cause,
    });
    this.server = init.server;
    this.endpoint = init.endpoint;
    this.reason = init.reason;
    this.detail = init.detail;
    this.retryable = init.retryable;
    this.beforeCommand = init.beforeCommand ?? false;
    this.remoteExitCode = init.exitCode;
    this.stderrTail = init.stderrTail;
  }
}
