import { describe, expect, it } from 'vitest';
import { classifySshExit, classifySshStderr, redactedTail, withoutMuxNoise } from './classify.js';
import { TransportError } from './errors.js';

/** stderr as OpenSSH 9.2 prints it (LogLevel ERROR, BatchMode, StrictHostKeyChecking yes). */
const SAMPLES = {
  refused: 'ssh: connect to host 10.231.5.2 port 22: Connection refused\r\n',
  noRoute: 'ssh: connect to host 10.231.255.254 port 22: No route to host\r\n',
  resolve: 'ssh: Could not resolve hostname nosuchhost.invalid: Name or service not known\r\n',
  timedOut: 'ssh: connect to host 10.231.5.9 port 22: Connection timed out\r\n',
  banner: 'Connection timed out during banner exchange\r\nConnection to 10.231.5.2 port 22 timed out\r\n',
  unknown:
    'No ED25519 host key is known for [127.0.0.1]:22022 and you have requested strict checking.\r\nHost key verification failed.\r\n',
  changed: [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    'Host key for [127.0.0.1]:22022 has changed and you have requested strict checking.',
    'Host key verification failed.',
  ].join('\r\n'),
  changedQuiet: 'Host key for 10.231.5.2 has changed and you have requested strict checking.\r\nHost key verification failed.\r\n',
  auth: 'root@127.0.0.1: Permission denied (publickey).\r\n',
  closed: 'Connection closed by 10.231.5.2 port 22\r\n',
  kex: 'kex_exchange_identification: read: Connection reset by peer\r\n',
  maxStartups: 'kex_exchange_identification: Connection closed by remote host\r\nConnection closed by 10.231.5.2 port 22\r\n',
  muxRefused: 'mux_client_request_session: session request failed: Session open refused by peer\r\n',
  dropped: 'Connection to 10.231.5.2 closed by remote host.\r\n',
  readReset: 'Read from remote host 10.231.5.2: Connection reset by peer\r\n',
  sendDisconnect: 'client_loop: send disconnect: Broken pipe\r\n',
  aliveTimeout: 'Timeout, server 10.231.5.2 not responding.\r\n',
};

describe('classifySshStderr', () => {
  const cases: [keyof typeof SAMPLES, string, boolean][] = [
    ['refused', 'unreachable', true],
    ['noRoute', 'unreachable', true],
    ['resolve', 'unreachable', true],
    ['timedOut', 'timeout', true],
    ['banner', 'timeout', true],
    ['unknown', 'host_key_unknown', false],
    ['changed', 'host_key_changed', false],
    ['changedQuiet', 'host_key_changed', false],
    ['auth', 'auth_refused', false],
    ['closed', 'protocol', true],
    ['kex', 'protocol', true],
  ];
  for (const [sample, reason, retryable] of cases) {
    it(`reads ${sample} as ${reason}`, () => {
      expect(classifySshStderr(SAMPLES[sample])).toMatchObject({ reason, retryable });
    });
  }

  it('finds nothing in the output of a remote command', () => {
    expect(classifySshStderr('grep: /etc/foo: No such file or directory\n')).toBeUndefined();
    // A PHP installer exiting 255 after its own connection failed is the command's failure, not ssh's.
    expect(classifySshStderr('PHP Warning: mysqli::real_connect(): (HY000/2002): Connection refused in x.php\n')).toBeUndefined();
    expect(classifySshStderr('curl: (7) Failed to connect to 10.0.0.1 port 80: Connection refused\n')).toBeUndefined();
  });

  it('says a failure came before the command only when nothing but ssh spoke before a session', () => {
    const before: (keyof typeof SAMPLES)[] = ['refused', 'noRoute', 'resolve', 'timedOut', 'banner', 'unknown', 'auth', 'kex', 'maxStartups', 'muxRefused'];
    for (const sample of before) expect(classifySshStderr(SAMPLES[sample])?.beforeCommand, sample).toBe(true);
    const after: (keyof typeof SAMPLES)[] = ['dropped', 'readReset', 'sendDisconnect', 'aliveTimeout', 'closed'];
    for (const sample of after) {
      expect(classifySshStderr(SAMPLES[sample])?.retryable, sample).toBe(true);
      expect(classifySshStderr(SAMPLES[sample])?.beforeCommand, sample).toBe(false);
    }
    // The remote command printed something, then ssh's connection dropped: it ran.
    expect(classifySshStderr(`installing...\n${SAMPLES.kex}`)?.beforeCommand).toBe(false);
    // rsync's own words when its remote side never started do not count as the command's.
    const rsync = `${SAMPLES.refused}rsync: connection unexpectedly closed (0 bytes received so far) [sender]\nrsync error: unexplained error (code 255) at io.c(232) [sender=3.2.7]\n`;
    expect(classifySshStderr(rsync)?.beforeCommand).toBe(false);
    expect(classifySshStderr(rsync, [/^rsync: connection unexpectedly closed \(0 bytes/, /^rsync error: .*\(code 255\)/])?.beforeCommand).toBe(true);
  });
});

describe('withoutMuxNoise', () => {
  const recovered = [
    'mux_client_request_session: session request failed: Session open refused by peer',
    'ControlSocket /var/lib/aegir/run/ssh/25b021333af9-1234 already exists, disabling multiplexing',
  ].join('\r\n');

  it('drops ssh’s account of a refused session it got round, keeping the command’s own stderr', () => {
    expect(withoutMuxNoise(`${recovered}\r\nphp: warning\n`)).toBe('php: warning\n');
    expect(withoutMuxNoise(`${recovered}\r\n`)).toBe('');
    expect(withoutMuxNoise('mux_client_request_session: session request failed: x\n')).toBe('mux_client_request_session: session request failed: x\n');
  });

  it('never calls a session ssh got round by a connection of its own a failure before the command', () => {
    // ssh authenticated a connection of its own: the command may have run (and exited 255).
    expect(classifySshExit(255, withoutMuxNoise(`${recovered}\r\n`))).toBeUndefined();
    expect(classifySshStderr(`${recovered}\r\n`)?.beforeCommand).toBe(false);
  });
});

describe('classifySshExit', () => {
  it('treats only exit 255 as a possible ssh failure', () => {
    expect(classifySshExit(1, SAMPLES.refused)).toBeUndefined();
    expect(classifySshExit(255, SAMPLES.refused)?.reason).toBe('unreachable');
  });

  it('leaves a remote exit 255 without an ssh message to the command, unless strict', () => {
    expect(classifySshExit(255, 'my tool failed\n')).toBeUndefined();
    expect(classifySshExit(255, '', true)?.reason).toBe('protocol');
  });
});

describe('TransportError', () => {
  it('says which server, what happened and whether a retry helps', () => {
    const error = new TransportError({
      server: '@web1',
      endpoint: '10.231.5.2:22',
      reason: 'unreachable',
      detail: 'connection refused',
      retryable: true,
    });
    expect(error.message).toBe('@web1 (10.231.5.2:22): unreachable: connection refused (a retry may help)');
    expect(error.code).toBe('transport_unreachable');
    expect(error.exitCode).toBe(1);
    expect(error.name).toBe('TransportError');
    const refused = new TransportError({ server: '@db1', reason: 'host_key_changed', detail: 'refused', retryable: false });
    expect(refused.message).toBe('@db1: host_key_changed: refused (a retry will not help)');
  });
});

describe('redactedTail', () => {
  it('keeps the last lines and hides given secrets and password assignments', () => {
    const text = ['line 1', 'line 2', 'using s3cr3t-value now', 'password=hunter22 failed', 'last'].join('\n');
    const tail = redactedTail(text, ['s3cr3t-value'], 3);
    expect(tail).toBe('using ******** now\npassword=******** failed\nlast');
    expect(tail).not.toContain('hunter22');
  });
});
