// 5. Durable acceptances on PostgreSQL (`--only postgres`; not in the default run, as it needs
// PostgreSQL 15 and nginx): 201/202 answers a second at 10 and 100 clients from two `serve`
// instances sharing one PostgreSQL (fsync on) behind nginx running the shipped
// deploy/nginx/compose-postgres.conf, beside one instance on PostgreSQL without nginx and one
// instance on SQLite (the default store, also committing with fsync before each answer).
import { startServe } from '../lib/children.mjs';
import { BENCH_FORMS_FILE } from '../lib/forms-file.mjs';
import { closedLoop } from '../lib/load.mjs';
import { startNginx } from '../lib/nginx.mjs';
import { startPostgres } from '../lib/postgres.mjs';

export const PG_CONCURRENCY = [10, 100];
/** Every instance on one database signs form tokens alike (required beside DATABASE_URL). */
const TOKEN_SECRET = 'bench-token-secret-0123456789abcdef';

async function measure(ctx, url) {
  await closedLoop(url, { connections: 10, durationMs: ctx.warmupMs });
  const byConcurrency = [];
  for (const connections of PG_CONCURRENCY) byConcurrency.push({ connections, ...(await closedLoop(url, { connections, durationMs: ctx.runMs })) });
  return byConcurrency;
}

export async function postgres(ctx) {
  const serve = ctx.serves[0];
  const common = { upstreamUrl: ctx.upstream.url, formsFile: BENCH_FORMS_FILE, logLevel: ctx.logLevel };
  const rows = [];

  ctx.progress('postgres: SQLite, one instance');
  const sqlite = await startServe(ctx.workDir, 'serve-sqlite', serve.bin, common);
  try {
    rows.push({ label: 'SQLite, 1 instance', byConcurrency: await measure(ctx, sqlite.url) });
  } finally {
    await sqlite.stop();
  }

  for (const [instances, behindNginx] of [
    [1, false],
    [2, true],
  ]) {
    const database = await startPostgres('capture');
    const started = [];
    let nginx;
    try {
      const env = { DATABASE_URL: database.url, TOKEN_SECRET };
      for (let index = 0; index < instances; index += 1) started.push(await startServe(ctx.workDir, `serve-pg-${instances}-${index}`, serve.bin, { ...common, env }));
      if (behindNginx) nginx = await startNginx(started.map((running) => running.url));
      const label = `PostgreSQL, ${instances} instance${instances === 1 ? '' : 's'}${behindNginx ? ' behind nginx' : ''}`;
      ctx.progress(`postgres: ${label}`);
      rows.push({ label, byConcurrency: await measure(ctx, nginx?.url ?? started[0].url) });
    } finally {
      await nginx?.stop();
      for (const running of started) await running.stop();
      await database.stop();
    }
  }
  return { rows };
}
