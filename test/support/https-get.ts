/**
 * HTTPS from the hub to one web head, with SNI and Host set to the site's name and only the given
 * CA trusted: what a browser trusting that CA would get from that web head.
 */
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { HttpResponse } from './http-get.js';

export interface HttpsResponse extends HttpResponse {
  /** SHA-256 fingerprint of the certificate the server presented. */
  readonly peerFingerprint: string;
}

export function httpsGet(address: string, site: string, ca: string, options: { path?: string; port?: number; timeoutMs?: number } = {}): Promise<HttpsResponse> {
  const path = options.path ?? '/';
  const timeout = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const req = request({
      host: address, port: options.port ?? 443, path, servername: site, ca, headers: { Host: site }, agent: false, timeout,
    }, (res) => {
      const chunks: Buffer[] = [];
      const peer = (res.socket as TLSSocket).getPeerCertificate();
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers, peerFingerprint: peer.fingerprint256,
      }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET https://${site}${path} via ${address} timed out after ${timeout} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `accept` holds (reloads apply asynchronously); then, or after `waitMs`, returns the last response or throws the last error. */
export async function httpsGetUntil(
  address: string, site: string, ca: string, accept: (response: HttpsResponse) => boolean, options: { path?: string; waitMs?: number } = {},
): Promise<HttpsResponse> {
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  let last: HttpsResponse | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await httpsGet(address, site, ca, options);
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (last === undefined) throw lastError instanceof Error ? lastError : new Error(String(lastError));
  return last;
}
