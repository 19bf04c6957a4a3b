import type { Logger } from 'pino';
import { createApp } from './app.ts';
import type { Config } from './config/config.ts';
import { createDirectDelivery } from './delivery/direct-delivery.ts';
import { createGleantapClient } from './gleantap/client.ts';
import { listen, type RunningServer } from './server.ts';

export interface StartProxyOptions {
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Overrides `config.port` (tests pass 0 for an ephemeral port). */
  readonly port?: number;
  readonly host?: string;
}

export interface RunningProxy {
  readonly url: string;
  readonly port: number;
  /** Graceful stop: stop accepting, finish in-flight requests, release the upstream pool. */
  close(): Promise<void>;
}

/** Builds and starts everything `serve` runs, from a parsed config. */
export async function startProxy(config: Config, options: StartProxyOptions): Promise<RunningProxy> {
  const client = createGleantapClient(config.gleantap);
  const delivery = createDirectDelivery({ client, secrets: config.secrets, logger: options.logger });
  const app = createApp(config, {
    logger: options.logger,
    delivery,
    ...(options.now ? { now: options.now } : {}),
  });
  let server: RunningServer;
  try {
    server = await listen(app, { host: options.host ?? config.host, port: options.port ?? config.port, timeouts: config.server });
  } catch (error) {
    await client.close();
    throw error;
  }
  return {
    url: server.url,
    port: server.port,
    async close() {
      await server.close();
      await client.close();
    },
  };
}
