/** One HTTP request to a web head for a site (by Host header): its status, 0 when it did not answer. */
import { request } from 'node:http';

export function httpStatus(address: string, host: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: address, port: 80, path: '/', headers: { Host: host }, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}
