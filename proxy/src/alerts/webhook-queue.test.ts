import { Agent } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLogger } from '../logging/create-logger.ts';
import { captureLines } from '../testing/harness.ts';
import { waitFor } from '../testing/wait-for.ts';
import { startWebhookReceiver } from '../testing/webhook-receiver.ts';
import { createWebhookQueue } from './webhook-queue.ts';

describe('one webhook queue', () => {
  it('is bounded: when full, the oldest waiting alert is dropped with a warn line carrying the count', async () => {
    const hanging = await startWebhookReceiver('hang');
    onTestFinished(() => hanging.close());
    const dispatcher = new Agent();
    onTestFinished(() => dispatcher.destroy());
    const { stream, lines } = captureLines();
    const logger = createLogger({ level: 'info', secrets: [], destination: stream });
    const queue = createWebhookQueue(
      { url: hanging.url, index: 0, secret: undefined },
      { maxQueued: 2, maxAttempts: 1, retryBaseMs: 10, timeoutMs: 60_000 },
      { dispatcher, logger, now: () => new Date() },
    );

    for (const n of [1, 2, 3, 4]) queue.push(JSON.stringify({ n }));
    await waitFor('the first alert in flight', () => hanging.received.length === 1);
    const drops = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['msg'] === 'alert queue full: the oldest waiting alert is dropped');
    expect(drops.map((line) => [line['level'], line['dropped'], line['webhook'], line['host']])).toEqual([
      ['warn', 1, 0, new URL(hanging.url).host],
      ['warn', 2, 0, new URL(hanging.url).host],
    ]);
    expect(queue.size()).toBe(2);
    // The one in flight is the first; of those waiting, the newest stayed.
    expect(JSON.parse(hanging.received[0]?.body ?? '{}')).toEqual({ n: 1 });
    expect(queue.stop()).toBe(2);
    expect(lines.join('\n')).not.toContain('/hook');
  });
});
