import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGleantapClient, MAX_CONNECTIONS } from './client.ts';

const keys = { apiKey: 'k', secretKey: 's' };
const contact = { app_id: 'app-1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };

/** A Gleantap stand-in that counts the connections it was given; it answers nothing until `holdUntil` calls arrived. */
async function countingServer(holdUntil: number) {
  let connections = 0;
  let arrived = 0;
  const waiting: ServerResponse[] = [];
  const answer = (res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { _id: 'c-1' } }));
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrived += 1;
      waiting.push(res);
      if (arrived >= holdUntil) waiting.splice(0).forEach(answer);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe('Gleantap client connection pool', () => {
  it('sequential calls reuse kept-alive connections', async () => {
    const server = await countingServer(0);
    const client = createGleantapClient({ baseUrl: server.url, connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, totalTimeoutMs: 10_000 });
    onTestFinished(() => client.close());
    for (let index = 0; index < 5; index += 1) expect(await client.newContact(contact, keys)).toMatchObject({ ok: true });
    // Not one per call: a call may start before the previous call's socket is back in the pool.
    expect(server.connections()).toBeLessThan(3);
  });

  it('a burst of calls shares a bounded pool instead of opening a connection per call', async () => {
    // The first MAX_CONNECTIONS calls are held until all of them arrived: the rest must wait for a socket.
    const server = await countingServer(MAX_CONNECTIONS);
    const client = createGleantapClient({ baseUrl: server.url, connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, totalTimeoutMs: 10_000 });
    onTestFinished(() => client.close());
    const outcomes = await Promise.all(Array.from({ length: MAX_CONNECTIONS + 18 }, () => client.newContact(contact, keys)));
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(server.connections()).toBe(MAX_CONNECTIONS);
  });
});
