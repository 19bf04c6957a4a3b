import { request } from 'node:http';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * A request with full control over the bytes and their timing (what `fetch` will not send:
 * a body slower than the server's timeout, a lying Content-Length, chunked bodies).
 */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; chunks?: Array<Buffer | string>; pauseMs?: number; endBody?: boolean }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const chunks = options.chunks ?? [];
    const writeNext = (index: number): void => {
      if (index >= chunks.length) {
        if (options.endBody !== false) req.end();
        return;
      }
      req.write(chunks[index] as Buffer | string);
      if (options.pauseMs) setTimeout(() => writeNext(index + 1), options.pauseMs);
      else writeNext(index + 1);
    };
    writeNext(0);
  });
}
