import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { accepts, startServer, writeIn } from './front-proxy.ts';

/** Debian's nginx, or the one NGINX_PATH names. */
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** Why nginx cannot run here, or undefined when it can. */
export function nginxMissing(): string | undefined {
  return existsSync(NGINX) ? undefined : `nginx is not installed at ${NGINX} (apt-get install nginx, or set NGINX_PATH)`;
}

export interface NginxOptions {
  /** A fresh directory for nginx's config, pid, temp paths and logs (see `serverDir`). */
  readonly dir: string;
  /** The site config under test: the shipped file with only its addresses replaced. */
  readonly site: string;
  /** The port nginx is ready on once it accepts connections. */
  readonly readyPort: number;
  readonly workerConnections: number;
  /** `http {}` lines before the site, e.g. the access log. */
  readonly httpLines: readonly string[];
}

/**
 * Runs a real nginx with a minimal main config around a site config: no daemon, everything in
 * `dir`, errors on stderr; stopped (SIGQUIT) when the test ends.
 */
export async function startNginxServer(options: NginxOptions): Promise<void> {
  const { dir } = options;
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
      `events { worker_connections ${options.workerConnections}; }`,
      'http {',
      ...options.httpLines.map((line) => `  ${line}`),
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      `  include ${writeIn(dir, 'site.conf', options.site)};`,
      '}',
      '',
    ].join('\n'),
  );
  await startServer(NGINX, ['-p', dir, '-c', config, '-e', 'stderr'], { stopSignal: 'SIGQUIT', ready: () => accepts(options.readyPort) });
}
