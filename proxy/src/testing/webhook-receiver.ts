import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers: 200, 500, or never (the request hangs until the receiver closes). */
export type ReceiverMode = 'ok' | 'fail' | 'hang';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook endpoint on an ephemeral loopback port that records every request it gets. */
export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Bodies parsed as JSON, in arrival order. */
  json(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(mode: ReceiverMode = 'ok'): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (mode === 'hang') return;
      res.writeHead(mode === 'ok' ? 200 : 500, { 'content-type': 'text/plain' }).end(mode === 'ok' ? 'ok' : 'broken');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    json: () => received.map((request) => JSON.parse(request.body) as Record<string, unknown>),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
