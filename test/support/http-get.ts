/**
 * HTTP from the hub to one web head, naming the site in the Host header (the test hosts have no
 * DNS): what a browser asking for http://<site>/ would get from that web head.
 */
import { request } from 'node:http';

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface GetOptions {
  readonly port?: number;
  readonly path?: string;
  readonly timeoutMs?: number;
}

/** GET http://<site><path> from the web head at `address`. Rejects on connection errors. */
export function httpGet(address: string, site: string, options: GetOptions = {}): Promise<HttpResponse> {
  const path = options.path ?? '/';
  const timeout = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port: options.port ?? 80, path, headers: { Host: site }, agent: false, timeout }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET http://${site}${path} via ${address} timed out after ${timeout} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Polls until `accept` holds for the response (reloads apply asynchronously) and returns it;
 * after `timeoutMs` returns the last response (or throws the last error) so the caller's
 * expectation shows what was served.
 */
export async function httpGetUntil(
  address: string,
  site: string,
  accept: (response: HttpResponse) => boolean,
  options: GetOptions & { readonly waitMs?: number } = {},
): Promise<HttpResponse> {
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  let last: HttpResponse | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await httpGet(address, site, options);
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

/** The text of the HTML <title>, or undefined. */
export function htmlTitle(body: string): string | undefined {
  const match = /<title>([^<]*)<\/title>/i.exec(body);
  return match?.[1]?.replace(/&#0?39;/g, "'").replace(/&amp;/g, '&').trim();
}
