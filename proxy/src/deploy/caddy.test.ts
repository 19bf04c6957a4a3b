import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeFrontProxy, type FrontProxy, freePort, serverDir, startServer, substitute, viaFront, writeIn } from './front-proxy.ts';

// deploy/caddy/Caddyfile run for real: Debian's Caddy on loopback ports in front of a real
// `serve`. Automatic HTTPS from Let's Encrypt needs the internet, so the test adds Caddy's own
// local CA (`local_certs`) and ports to the global options; the site block runs as shipped,
// with the upstream port swapped. deploy/Caddyfile (the compose one) is only adapted.

const SITE_FILE = fileURLToPath(new URL('../../../deploy/caddy/Caddyfile', import.meta.url));
const COMPOSE_FILE = fileURLToPath(new URL('../../../deploy/Caddyfile', import.meta.url));
const CADDY = process.env.CADDY_PATH ?? 'caddy';
const MISSING = spawnSync(CADDY, ['version']).status === 0 ? undefined : `caddy is not installed (apt-get install caddy, or set CADDY_PATH)`;

async function startCaddy(upstreamPort: number): Promise<FrontProxy> {
  const dir = serverDir('gc-caddy-');
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  let caddyfile = readFileSync(SITE_FILE, 'utf8');
  caddyfile = substitute(
    caddyfile,
    '\temail admin@example.com\n',
    [
      '\temail admin@example.com',
      '\tadmin off',
      '\tlocal_certs',
      '\tskip_install_trust',
      `\thttp_port ${httpPort}`,
      `\thttps_port ${httpsPort}`,
      '\tdefault_bind 127.0.0.1',
      `\tstorage file_system {\n\t\troot ${join(dir, 'data')}\n\t}`,
      '',
    ].join('\n'),
  );
  caddyfile = substitute(caddyfile, 'reverse_proxy 127.0.0.1:8787 {', `reverse_proxy 127.0.0.1:${upstreamPort} {`);
  const config = writeIn(dir, 'Caddyfile', caddyfile);
  const rootCa = join(dir, 'data', 'pki', 'authorities', 'local', 'root.crt');
  const front = (): FrontProxy => ({ httpsPort, httpPort, ca: readFileSync(rootCa, 'utf8') });
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'xdg-data'), XDG_CONFIG_HOME: join(dir, 'xdg-config') };
  // Ready once the site's certificate from the local CA is served.
  await startServer(CADDY, ['run', '--config', config, '--adapter', 'caddyfile'], {
    env,
    stopSignal: 'SIGTERM',
    ready: async () =>
      existsSync(rootCa) &&
      (await viaFront(front(), '127.0.0.1', '/healthz').then(
        (answer) => answer.status === 200,
        () => false,
      )),
  });
  return front();
}

describeFrontProxy('deploy/caddy/Caddyfile', MISSING, startCaddy);

describe('deploy/Caddyfile (compose)', () => {
  it('adapts without a warning and proxies the compose service for CAPTURE_DOMAIN', (context) => {
    if (MISSING !== undefined) {
      console.warn(`deploy/Caddyfile check skipped: ${MISSING}`);
      context.skip(MISSING);
    }
    const adapted = spawnSync(CADDY, ['adapt', '--config', COMPOSE_FILE, '--adapter', 'caddyfile'], {
      encoding: 'utf8',
      env: { ...process.env, CAPTURE_DOMAIN: 'forms.example.net', ACME_EMAIL: 'ops@example.net' },
    });
    expect(adapted.status, adapted.stderr).toBe(0);
    expect(adapted.stderr).not.toMatch(/"level":"(warn|error)"/);
    const json = adapted.stdout;
    expect(json).toContain('"host":["forms.example.net"]');
    expect(json).toContain('"dial":"capture:8787"');
    expect(json).toContain('"email":"ops@example.net"');
  });
});
