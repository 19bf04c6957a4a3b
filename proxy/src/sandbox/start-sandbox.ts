import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createSandboxApp, type SandboxAppOptions } from './create-sandbox-app.ts';
import { isLoopbackHost } from './is-loopback-host.ts';
import type { SandboxState } from './sandbox-state.ts';

/** Where and how to run a sandbox; port 0 picks a free ephemeral port. */
export interface StartSandboxOptions extends SandboxAppOptions {
  host?: string;
  port?: number;
  logger?: Logger;
}

/** A listening sandbox. */
export interface RunningSandbox {
  /** Base URL to give a Gleantap client, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly state: SandboxState;
  /** Stops listening and destroys every open socket, including ones a `timeout` fault holds. */
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 4010;

/** The host to put in the URL: a wildcard bind is reachable on loopback; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Starts the sandbox Gleantap; rejects with the listen error (e.g. EADDRINUSE) if it cannot bind,
 * and with a plain Error for unusable options (empty keys).
 */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const { app, state } = createSandboxApp(options);
  const server = createServer(app);

  if (!isLoopbackHost(host)) {
    const warning = `sandbox Gleantap is listening on ${host}, not loopback: its /_sandbox control endpoints have no authentication`;
    if (options.logger !== undefined) options.logger.warn({ host }, warning);
    else process.stderr.write(`warning: ${warning}\n`);
  }

  return await new Promise((resolve, reject) => {
    const onListenError = (error: Error): void => {
      reject(error);
    };
    server.once('error', onListenError);
    server.listen(port, host, () => {
      server.off('error', onListenError);
      // After start-up an error is not fatal to the caller's promise; say so instead of crashing.
      server.on('error', (error) => {
        options.logger?.error({ err: error }, 'sandbox Gleantap server error');
      });
      const bound = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${urlHost(host)}:${bound}`,
        port: bound,
        host,
        state,
        close() {
          closing ??= new Promise<void>((done, fail) => {
            server.close((error) => (error === undefined ? done() : fail(error)));
            // close() alone waits for busy sockets; a held `timeout` request would wait forever.
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}
