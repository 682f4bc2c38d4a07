/**
 * One HTTP GET from the hub to a web server's own listener, naming a site in the Host header: what
 * a browser asking that server for `http://<host><path>` gets. No redirect is followed and no
 * connection is kept (each probe is a new connection, so it meets whichever worker accepts it now).
 * The web heads need nothing for it (no curl): the hub reaches their http port itself.
 */
import { request } from 'node:http';
import { listenerOf } from '../plan/build-check-actions.js';
import { TransportError } from './errors.js';

export interface HttpProbeRequest {
  /** Alias of the server, for errors. */
  readonly server: string;
  /** The server's host as the hub reaches it; `localhost` is dialled as 127.0.0.1 (vhosts listen on IPv4). */
  readonly address: string;
  readonly port: number;
  /** The Host header. */
  readonly host: string;
  readonly path: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface HttpProbeAnswer {
  readonly status: number;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The first `MAX_BODY` bytes of the body, as UTF-8. */
  readonly body: string;
}

/** Enough of a body to recognise a page; the rest is read and dropped. */
export const MAX_BODY = 4096;

/** Rejects with a `TransportError` (unreachable, timeout, protocol) when no answer came. */
export function httpProbe(probe: HttpProbeRequest): Promise<HttpProbeAnswer> {
  const endpoint = listenerOf(probe.address, probe.port);
  const fail = (reason: 'unreachable' | 'timeout' | 'protocol', detail: string, cause?: unknown): TransportError =>
    new TransportError({ server: probe.server, endpoint, reason, detail, retryable: true, cause });
  return new Promise((resolve, reject) => {
    const req = request({
      host: probe.address === 'localhost' ? '127.0.0.1' : probe.address,
      port: probe.port,
      path: probe.path,
      method: 'GET',
      headers: { Host: probe.host, 'User-Agent': 'aegir-check', Connection: 'close' },
      agent: false,
      timeout: probe.timeoutMs,
      ...(probe.signal === undefined ? {} : { signal: probe.signal }),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        headers: Object.fromEntries(Object.entries(res.headers).flatMap(([name, value]) =>
          (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]]))),
        body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
      }));
      res.on('error', (error) => reject(fail('protocol', error.message, error)));
    });
    req.on('timeout', () => req.destroy(fail('timeout', `no answer within ${probe.timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof TransportError) reject(error);
      else reject(fail(error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_CONSTANT' ? 'protocol' : 'unreachable', error.code ?? error.message, error));
    });
    req.end();
  });
}
