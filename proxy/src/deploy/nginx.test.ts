import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DOMAIN, describeFrontProxy, type FrontProxy, freePort, selfSignedCertificate, serverDir, substitute } from './front-proxy.ts';
import { nginxMissing, startNginxServer } from './nginx-server.ts';

// deploy/nginx/gleantap-capture.conf run for real: Debian's nginx on loopback ports, TLS with a
// throwaway self-signed certificate, in front of a real `serve`. The file is used as shipped
// except for its ports, certificate paths and IPv6 listen lines.

const SITE_FILE = fileURLToPath(new URL('../../../deploy/nginx/gleantap-capture.conf', import.meta.url));

function missingTool(): string | undefined {
  const nginx = nginxMissing();
  if (nginx !== undefined) return nginx;
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl is not installed (it makes the test certificate)';
  return undefined;
}

async function startNginx(upstreamPort: number): Promise<FrontProxy> {
  const dir = serverDir('gc-nginx-');
  const { certFile, keyFile, cert } = selfSignedCertificate(dir);
  const [httpsPort, httpPort] = [await freePort(), await freePort()];

  let site = readFileSync(SITE_FILE, 'utf8');
  site = substitute(site, 'server 127.0.0.1:8787;', `server 127.0.0.1:${upstreamPort};`);
  site = substitute(site, '    listen 443 ssl http2;\n', `    listen 127.0.0.1:${httpsPort} ssl http2;\n`);
  site = substitute(site, '    listen 80;\n', `    listen 127.0.0.1:${httpPort};\n`);
  // The machine may have no IPv6 loopback; the IPv4 lines carry the same settings.
  site = substitute(site, '    listen [::]:443 ssl http2;\n', '');
  site = substitute(site, '    listen [::]:80;\n', '');
  site = substitute(site, `/etc/letsencrypt/live/${DOMAIN}/fullchain.pem`, certFile);
  site = substitute(site, `/etc/letsencrypt/live/${DOMAIN}/privkey.pem`, keyFile);

  await startNginxServer({ dir, site, readyPort: httpsPort, workerConnections: 64, httpLines: ['access_log off;'] });
  return { httpsPort, httpPort, ca: cert };
}

describeFrontProxy('deploy/nginx/gleantap-capture.conf', missingTool(), startNginx);
