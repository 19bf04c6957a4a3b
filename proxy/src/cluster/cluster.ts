import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, serverDir, substitute } from '../deploy/front-proxy.ts';
import { nginxMissing, startNginxServer } from '../deploy/nginx-server.ts';
import { startTestSandbox, type TestSandbox } from '../sandbox/test-sandbox.ts';
import { type ChildProxy, startChildProxy } from '../testing/child-proxy.ts';
import { tempDataDir } from '../testing/harness.ts';

// Test support: the services of deploy/compose.postgres.yaml as plain processes on loopback
// (podman-compose cannot run that file here: no registry for the postgres and nginx images).
// Two `serve` children share one DATABASE_URL and TOKEN_SECRET, behind Debian's nginx running
// deploy/nginx/compose-postgres.conf with only its addresses changed. Used only by tests.

const COMPOSE_NGINX = fileURLToPath(new URL('../../../deploy/nginx/compose-postgres.conf', import.meta.url));

/** nginx in front of the proxies, and its record of which proxy answered each request. */
export interface LoadBalancer {
  readonly url: string;
  /** `upstream-address status` per request nginx answered, in order (from its access log). */
  served(): string[];
}

export interface Cluster {
  readonly sandbox: TestSandbox;
  readonly a: ChildProxy;
  readonly b: ChildProxy;
  readonly nginx: LoadBalancer;
}

/**
 * The shipped compose nginx config with the compose service names and port made loopback
 * addresses: `substitute` fails loudly if the shipped file stops matching.
 */
export function composeNginxSite(upstreamPorts: readonly [number, number], listenPort: number): string {
  let site = readFileSync(COMPOSE_NGINX, 'utf8');
  site = substitute(site, 'server capture-a:8787 ', `server 127.0.0.1:${upstreamPorts[0]} `);
  site = substitute(site, 'server capture-b:8787 ', `server 127.0.0.1:${upstreamPorts[1]} `);
  site = substitute(site, '    listen 8080;\n', `    listen 127.0.0.1:${listenPort};\n`);
  return site;
}

/** Starts nginx with the compose config in front of two proxies; stopped when the test ends. */
export async function startLoadBalancer(upstreams: readonly [ChildProxy, ChildProxy]): Promise<LoadBalancer> {
  const missing = nginxMissing();
  if (missing !== undefined) throw new Error(missing);
  const dir = serverDir('gc-nginx-cluster-');
  const port = await freePort();
  const ports = upstreams.map((proxy) => Number(new URL(proxy.url).port)) as unknown as [number, number];
  const accessLog = join(dir, 'access.log');
  await startNginxServer({
    dir,
    site: composeNginxSite(ports, port),
    readyPort: port,
    workerConnections: 512,
    // Which proxy answered: the tests check that the load really was spread over both.
    httpLines: ['log_format upstream "$upstream_addr $status $request_method";', `access_log ${accessLog} upstream;`],
  });
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => (existsSync(accessLog) ? readFileSync(accessLog, 'utf8').split('\n').filter(Boolean) : []),
  };
}

/** One `serve` child on the shared database, trusting nginx's X-Forwarded-For (loopback here). */
export function startClusterProxy(options: {
  readonly sandboxUrl: string;
  readonly databaseUrl: string;
  readonly formsFile: unknown;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ChildProxy> {
  return startChildProxy({
    dataDir: tempDataDir(),
    sandboxUrl: options.sandboxUrl,
    formsFile: options.formsFile,
    databaseUrl: options.databaseUrl,
    env: { TRUST_PROXY: 'loopback', ...options.env },
  });
}

/** The sandbox, proxies A and B on one database, and nginx in front of both. */
export async function startCluster(options: { readonly databaseUrl: string; readonly formsFile: unknown; readonly env?: Readonly<Record<string, string>> }): Promise<Cluster> {
  const sandbox = await startTestSandbox();
  const common = { sandboxUrl: sandbox.url, ...options };
  // Together, as compose starts them: the second waits for the first's migration (advisory lock).
  const [a, b] = await Promise.all([startClusterProxy(common), startClusterProxy(common)]);
  return { sandbox, a, b, nginx: await startLoadBalancer([a, b]) };
}
