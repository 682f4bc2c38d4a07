import type { TransportReason } from './errors.js';

export interface SshFailure {
  readonly reason: TransportReason;
  readonly detail: string;
  readonly retryable: boolean;
}

interface Rule extends SshFailure {
  readonly pattern: RegExp;
}

/** Ordered: the first match wins (a changed host key also prints "Host key verification failed"). */
const RULES: readonly Rule[] = [
  {
    pattern: /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for \S+ has changed/i,
    reason: 'host_key_changed',
    detail: 'host key changed, connection refused (check the server, then pin its new key)',
    retryable: false,
  },
  {
    pattern: /No \S+ host key is known for|Host key verification failed/i,
    reason: 'host_key_unknown',
    detail: 'host key not pinned (pin it with server add --accept-host-key)',
    retryable: false,
  },
  {
    pattern: /Permission denied \(|Too many authentication failures|Authentication failed/i,
    reason: 'auth_refused',
    detail: 'authentication refused (is the hub key in authorized_keys?)',
    retryable: false,
  },
  { pattern: /Connection refused/i, reason: 'unreachable', detail: 'connection refused', retryable: true },
  { pattern: /No route to host/i, reason: 'unreachable', detail: 'no route to host', retryable: true },
  { pattern: /Network is unreachable/i, reason: 'unreachable', detail: 'network is unreachable', retryable: true },
  {
    pattern: /Could not resolve hostname|Name or service not known|Temporary failure in name resolution/i,
    reason: 'unreachable',
    detail: 'host name does not resolve',
    retryable: true,
  },
  {
    pattern: /Connection timed out|Operation timed out|timed out during banner exchange|Timeout, server \S+ not responding/i,
    reason: 'timeout',
    detail: 'connection timed out',
    retryable: true,
  },
  {
    pattern: /Connection (closed|reset) by|kex_exchange_identification|Broken pipe|ssh_exchange_identification|mux_client_\w+: /i,
    reason: 'protocol',
    detail: 'connection closed by the server',
    retryable: true,
  },
];

/**
 * What went wrong from what the OpenSSH client printed on stderr. `undefined` when nothing
 * matches: then the exit code belongs to the remote command, not to ssh.
 */
export function classifySshStderr(stderr: string): SshFailure | undefined {
  for (const rule of RULES) {
    if (rule.pattern.test(stderr)) return { reason: rule.reason, detail: rule.detail, retryable: rule.retryable };
  }
  return undefined;
}

/**
 * Classify a finished ssh run. ssh exits 255 for its own errors; a remote command may also exit
 * 255, so 255 counts as an ssh failure only when stderr says so (or is silent about a cause,
 * in which case it is a protocol failure only if `strict255`).
 */
export function classifySshExit(exitCode: number, stderr: string, strict255 = false): SshFailure | undefined {
  if (exitCode !== 255) return undefined;
  const known = classifySshStderr(stderr);
  if (known !== undefined) return known;
  return strict255 ? { reason: 'protocol', detail: 'ssh failed (exit 255)', retryable: true } : undefined;
}

const SECRET_ASSIGNMENT = /\b(password|passwd|pass|secret|token|key)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi;

/**
 * The last `maxLines` lines of a stream, for error messages and logs: every given secret is
 * replaced by `[redacted]`, as are `password=...`-like assignments.
 */
export function redactedTail(text: string, secrets: readonly string[] = [], maxLines = 10, maxChars = 2000): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(SECRET_ASSIGNMENT, '$1$2[redacted]');
  const lines = out.replace(/\s+$/, '').split('\n');
  let tail = lines.slice(-maxLines).join('\n');
  if (tail.length > maxChars) tail = `...${tail.slice(-maxChars)}`;
  return tail;
}
