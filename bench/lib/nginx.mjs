// Debian's nginx running deploy/nginx/compose-postgres.conf, the load balancer of
// deploy/compose.postgres.yaml, with only its addresses made loopback ones.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './children.mjs';

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const SITE = fileURLToPath(new URL('../../deploy/nginx/compose-postgres.conf', import.meta.url));

export function nginxMissing() {
  return existsSync(NGINX) ? undefined : `nginx is not installed at ${NGINX} (apt-get install nginx, or set NGINX_PATH)`;
}

function replaceOnce(text, from, to) {
  if (text.split(from).length !== 2) throw new Error(`${SITE} no longer has exactly one ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

const accepts = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** nginx in front of two upstream URLs; resolves with its URL and a stop. */
export async function startNginx(upstreamUrls) {
  const missing = nginxMissing();
  if (missing) throw new Error(missing);
  const dir = mkdtempSync(join(tmpdir(), 'gc-bench-nginx-'));
  // nginx's workers run as `nobody` under root.
  chmodSync(dir, 0o755);
  const port = await freePort();
  let site = readFileSync(SITE, 'utf8');
  site = replaceOnce(site, 'server capture-a:8787 ', `server ${new URL(upstreamUrls[0]).host} `);
  site = replaceOnce(site, 'server capture-b:8787 ', `server ${new URL(upstreamUrls[1]).host} `);
  site = replaceOnce(site, '    listen 8080;\n', `    listen 127.0.0.1:${port};\n`);
  writeFileSync(join(dir, 'site.conf'), site);
  const temp = (name) => `${name}_temp_path ${join(dir, name)};`;
  const config = join(dir, 'nginx.conf');
  writeFileSync(
    config,
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      'error_log stderr warn;',
      ...(process.getuid?.() === 0 ? ['user nobody nogroup;'] : []),
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      `  include ${join(dir, 'site.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(NGINX, ['-p', dir, '-c', config, '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (let attempt = 0; !(await accepts(port)); attempt += 1) {
    if (child.exitCode !== null || attempt > 600) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
