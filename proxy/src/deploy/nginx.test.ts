import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accepts, DOMAIN, describeFrontProxy, type FrontProxy, freePort, selfSignedCertificate, serverDir, startServer, substitute, writeIn } from './front-proxy.ts';

// deploy/nginx/gleantap-capture.conf run for real: Debian's nginx on loopback ports, TLS with a
// throwaway self-signed certificate, in front of a real `serve`. The file is used as shipped
// except for its ports, certificate paths and IPv6 listen lines.

const SITE_FILE = fileURLToPath(new URL('../../../deploy/nginx/gleantap-capture.conf', import.meta.url));
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

function missingTool(): string | undefined {
  if (!existsSync(NGINX)) return `nginx is not installed at ${NGINX} (apt-get install nginx, or set NGINX_PATH)`;
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

  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  const config = writeIn(
    dir,
    'nginx.conf',
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      // As root, nginx's workers drop to this user (nginx warns about the directive otherwise).
      ...(process.getuid?.() === 0 ? ['user nobody nogroup;'] : []),
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      `  include ${writeIn(dir, 'site.conf', site)};`,
      '}',
      '',
    ].join('\n'),
  );

  await startServer(NGINX, ['-p', dir, '-c', config, '-e', 'stderr'], { stopSignal: 'SIGQUIT', ready: () => accepts(httpsPort) });
  return { httpsPort, httpPort, ca: cert };
}

describeFrontProxy('deploy/nginx/gleantap-capture.conf', missingTool(), startNginx);
