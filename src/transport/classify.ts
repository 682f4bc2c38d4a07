import { REDACTED } from '../model/secrets.js';
import type { TransportReason } from './errors.js';

export interface SshFailure {
  readonly reason: TransportReason;
  readonly detail: string;
  readonly retryable: boolean;
  /**
   * ssh failed before the remote command could start: while connecting, exchanging keys or
   * authenticating (no session exists before that), or when the master refused to open a session
   * — and stderr holds nothing but such lines of ssh's own. A drop of an established connection
   * is not: the command may be running.
   */
  readonly beforeCommand: boolean;
}

interface Rule {
  readonly pattern: RegExp;
  readonly reason: TransportReason;
  readonly detail: string;
  readonly retryable: boolean;
  /** The message can only come before a session exists. */
  readonly preSession: boolean;
}

/**
 * Ordered: the first match wins (a changed host key also prints "Host key verification failed").
 * Every pattern is anchored at the start of a line, as OpenSSH 9.2 prints it, so a remote
 * command's own output ("... Connection refused" from a PHP script) is not taken for ssh's.
 * Before the session: `ssh: connect to host ...`, `kex_exchange_identification: ...` (sshd
 * dropping a connection over MaxStartups). After it: `Connection to HOST closed by remote host.`,
 * `Read from remote host ...`, `client_loop: send disconnect: Broken pipe`, `Timeout, server ...`.
 * `Connection closed|reset by HOST port N` can come from either phase.
 */
const RULES: readonly Rule[] = [
  {
    pattern: /^@\s+WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED|^Host key for \S+ has changed/im,
    reason: 'host_key_changed',
    detail: 'host key changed, connection refused (check the server, then pin its new key)',
    retryable: false,
    preSession: true,
  },
  {
    pattern: /^No \S+ host key is known for|^Host key verification failed/im,
    reason: 'host_key_unknown',
    detail: 'host key not pinned (pin it with server add --accept-host-key)',
    retryable: false,
    preSession: true,
  },
  {
    pattern: /^\S+: Permission denied \(|^Received disconnect from .*Too many authentication failures|^Authentication failed/im,
    reason: 'auth_refused',
    detail: 'authentication refused (is the hub key in authorized_keys?)',
    retryable: false,
    preSession: true,
  },
  connectRule('Connection refused', 'unreachable', 'connection refused'),
  connectRule('No route to host', 'unreachable', 'no route to host'),
  connectRule('Network is unreachable', 'unreachable', 'network is unreachable'),
  {
    pattern: /^ssh: Could not resolve hostname /im,
    reason: 'unreachable',
    detail: 'host name does not resolve',
    retryable: true,
    preSession: true,
  },
  {
    pattern: /^Timeout, server \S+ not responding/im,
    reason: 'timeout',
    detail: 'the server stopped answering (the command may have run)',
    retryable: true,
    preSession: false,
  },
  {
    pattern: /^ssh: connect to host \S+ port \d+: (Connection|Operation) timed out|^Connection timed out during banner exchange|^Connection to \S+ port \d+ timed out/im,
    reason: 'timeout',
    detail: 'connection timed out',
    retryable: true,
    preSession: true,
  },
  {
    pattern: /^(kex|ssh)_exchange_identification: |^banner exchange: /im,
    reason: 'protocol',
    detail: 'connection closed by the server before the session (too many connections at once?)',
    retryable: true,
    preSession: true,
  },
  {
    pattern: /^mux_client_hello_exchange: |^muxclient: master hello exchange failed|^mux_client_request_session: session request failed/im,
    reason: 'protocol',
    detail: 'the shared connection refused a new session',
    retryable: true,
    preSession: true,
  },
  {
    pattern: /^Connection (closed|reset) by \S+ port \d+|^Connection to \S+ closed by remote host|^Read from remote host |^client_loop: |^mux_client_\w+: |^Shared connection to \S+ closed/im,
    reason: 'protocol',
    detail: 'connection closed by the server',
    retryable: true,
    preSession: false,
  },
];

function connectRule(message: string, reason: TransportReason, detail: string): Rule {
  return { pattern: new RegExp(`^ssh: connect to host \\S+ port \\d+: ${message}`, 'im'), reason, detail, retryable: true, preSession: true };
}

/**
 * Lines ssh prints before a session exists (or instead of one), and nothing else: when stderr
 * holds only these, no remote command printed anything, and none can have started.
 */
const PRE_SESSION_LINES: readonly RegExp[] = [
  /^ssh: connect to host \S+ port \d+: .+$/,
  /^ssh: Could not resolve hostname .+$/,
  /^(kex|ssh)_exchange_identification: .+$/,
  /^banner exchange: .+$/,
  /^Connection (closed|reset) by \S+ port \d+$/,
  /^Connection timed out during banner exchange$/,
  /^Connection to \S+ port \d+ timed out$/,
  /^mux_client_hello_exchange: .+$/,
  /^muxclient: master hello exchange failed$/,
  /^mux_client_request_session: session request failed: .+$/,
  /^Control socket connect\(.+\): .+$/,
  /^Warning: Permanently added .+$/,
];

/**
 * ssh printed this once it had authenticated a connection of its own, after the master refused a
 * session (MaxSessions): the command went on over that connection and may have run.
 */
const RECOVERED_MUX = /^ControlSocket .+ already exists, disabling multiplexing\r?$/m;
const MUX_NOISE: readonly RegExp[] = [
  /^mux_client_request_session: session request failed: .+$/,
  /^Control socket connect\(.+\): .+$/,
  /^ControlSocket .+ already exists, disabling multiplexing$/,
];

/**
 * stderr without ssh's account of a refused session it got round by a connection of its own: the
 * lines before the command's own output are ssh's, not the command's. Anything else is kept.
 */
export function withoutMuxNoise(stderr: string): string {
  if (!RECOVERED_MUX.test(stderr)) return stderr;
  const lines = stderr.split('\n');
  let first = 0;
  while (first < lines.length && MUX_NOISE.some((pattern) => pattern.test((lines[first] ?? '').replace(/\r$/, '')))) first += 1;
  return lines.slice(first).join('\n');
}

/** Whether every line of `stderr` is one ssh prints before a session (`extra`: a wrapper's own, e.g. rsync's). */
export function onlyPreSessionLines(stderr: string, extra: readonly RegExp[] = []): boolean {
  const patterns = [...PRE_SESSION_LINES, ...extra];
  return stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .every((line) => patterns.some((pattern) => pattern.test(line)));
}

/**
 * What went wrong from what the OpenSSH client printed on stderr. `undefined` when nothing
 * matches: then the exit code belongs to the remote command, not to ssh. `extraPreSession`:
 * lines a wrapper (rsync) adds that do not mean a remote command ran.
 */
export function classifySshStderr(stderr: string, extraPreSession: readonly RegExp[] = []): SshFailure | undefined {
  for (const rule of RULES) {
    if (!rule.pattern.test(stderr)) continue;
    return {
      reason: rule.reason,
      detail: rule.detail,
      retryable: rule.retryable,
      // What is retried must be proven: nothing but ssh's own pre-session lines. A refusal is
      // never retried, and ssh's warning box around it has many more lines.
      beforeCommand: rule.preSession && (!rule.retryable || onlyPreSessionLines(stderr, extraPreSession)),
    };
  }
  return undefined;
}

/**
 * Classify a finished ssh run. ssh exits 255 for its own errors; a remote command may also exit
 * 255, so 255 counts as an ssh failure only when stderr says so (or is silent about a cause,
 * in which case it is a protocol failure only if `strict255`: the remote command is known not to).
 */
export function classifySshExit(exitCode: number, stderr: string, strict255 = false): SshFailure | undefined {
  if (exitCode !== 255) return undefined;
  const known = classifySshStderr(stderr);
  if (known !== undefined) return known;
  return strict255 ? { reason: 'protocol', detail: 'ssh failed (exit 255)', retryable: true, beforeCommand: false } : undefined;
}

const SECRET_ASSIGNMENT = /\b(password|passwd|pass|secret|token|key)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi;

/**
 * The last `maxLines` lines of a stream, for error messages and logs: every given secret is
 * replaced by `REDACTED` (`********`), as are `password=...`-like assignments.
 */
export function redactedTail(text: string, secrets: readonly string[] = [], maxLines = 10, maxChars = 2000): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  out = out.replace(SECRET_ASSIGNMENT, `$1$2${REDACTED}`);
  const lines = out.replace(/\s+$/, '').split('\n');
  let tail = lines.slice(-maxLines).join('\n');
  if (tail.length > maxChars) tail = `...${tail.slice(-maxChars)}`;
  return tail;
}
