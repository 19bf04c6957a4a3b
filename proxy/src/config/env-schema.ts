import * as z from 'zod/mini';
import { LOG_FORMATS } from '../logging/log-format.ts';
import { parseIpRange } from '../net/ip-ranges.ts';
import { checkBaseUrl } from './base-url.ts';
import { FrozenSet } from './frozen.ts';
import { normaliseOrigin } from './origins.ts';

/** Every default of the environment in one literal (docs/configuration.md). */
export const ENV_DEFAULTS = Object.freeze({
  PORT: 8787,
  HOST: '0.0.0.0',
  GLEANTAP_BASE_URL: 'https://api.gleantap.com',
  DATA_DIR: './data',
  TRUST_PROXY: 0,
  METRICS_PORT: 9464,
  LOG_LEVEL: 'info',
  HEADERS_TIMEOUT_MS: 10_000,
  REQUEST_TIMEOUT_MS: 15_000,
  KEEP_ALIVE_TIMEOUT_MS: 5_000,
  UPSTREAM_CONNECT_TIMEOUT_MS: 3_000,
  UPSTREAM_HEADERS_TIMEOUT_MS: 10_000,
  UPSTREAM_TIMEOUT_MS: 15_000,
} as const);

/** pino's levels, as LOG_LEVEL accepts them. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The shortest TOKEN_SECRET accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
export const TOKEN_SECRET_MIN_LENGTH = 32;

const describe = z.describe;

/** A decimal whole number within bounds; no signs, spaces, exponents or fractions. */
function wholeNumber(min: number, max: number) {
  return z.pipe(
    z.string().check(
      z.refine((value) => /^[0-9]{1,10}$/.test(value) && Number(value) >= min && Number(value) <= max, {
        error: `must be a whole number from ${min} to ${max}`,
      }),
    ),
    z.transform(Number),
  );
}

const port = wholeNumber(0, 65_535);
const milliseconds = wholeNumber(1, 600_000);

/** Express's names for the address ranges of the machine itself and private networks. */
export const TRUST_PROXY_NAMES: ReadonlySet<string> = new FrozenSet(['loopback', 'linklocal', 'uniquelocal']);

const trustProxy = z.pipe(
  z.string(),
  z.transform((value, ctx): number | readonly string[] => {
    if (/^[0-9]{1,2}$/.test(value)) return Number(value);
    // Express reads `true` as "trust every hop", which lets any client forge its IP and
    // walk around the per-IP rate limit; the contract asks for a hop count or addresses.
    if (/^(true|false|yes|no|on|off)$/i.test(value)) {
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: 'must be the trusted proxies\' addresses (e.g. `loopback` or `10.0.0.0/8`) or a number of proxy hops, not a boolean: "true" would trust any client\'s X-Forwarded-For',
      });
      return z.NEVER;
    }
    const entries = value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    const refused: string[] = [];
    for (const entry of entries) {
      if (TRUST_PROXY_NAMES.has(entry)) continue;
      const parsed = parseIpRange(entry);
      if (!parsed.ok) refused.push(`${JSON.stringify(entry)} ${parsed.reason}`);
    }
    if (entries.length === 0 || refused.length > 0) {
      const detail = refused.length > 0 ? `: ${refused.join('; ')}` : '';
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: `must be a comma-separated list of the trusted proxies' addresses, CIDR ranges or the names loopback, linklocal, uniquelocal (e.g. \`loopback\` or \`10.0.0.0/8, 192.168.1.10\`), or a whole number of proxy hops from 0 to 99${detail}`,
      });
      return z.NEVER;
    }
    return Object.freeze([...new Set(entries)]);
  }),
);

const baseUrl = z.pipe(
  z.string(),
  z.transform((value, ctx) => {
    const verdict = checkBaseUrl(value);
    if (verdict.ok) return verdict.url;
    ctx.issues.push({ code: 'custom', input: value, message: verdict.reason });
    return z.NEVER;
  }),
);

const originList = z.pipe(
  z.string(),
  z.transform((value, ctx) => {
    const origins: string[] = [];
    for (const item of value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')) {
      const verdict = normaliseOrigin(item);
      if (verdict.ok) origins.push(verdict.origin);
      else ctx.issues.push({ code: 'custom', input: value, message: `${JSON.stringify(item)}: ${verdict.reason}` });
    }
    return [...new Set(origins)];
  }),
);

// The problem never quotes the value: the URL holds the database password.
const databaseUrl = z.string().check(
  z.refine((value) => /^postgres(ql)?:\/\/\S+$/.test(value) && URL.canParse(value) && new URL(value).hostname !== '', {
    error: 'must be a postgres:// or postgresql:// URL with a host',
  }),
);

const text = (max: number) => z.string().check(z.maxLength(max, { error: `must be at most ${max} characters` }));

/**
 * Every environment variable the proxy reads, with its default. Read once at start-up;
 * an empty value counts as unset. Cross-variable rules (keys required by the forms,
 * TOKEN_SECRET with DATABASE_URL, timeout ordering) live in load-config.
 */
export const EnvSchema = z.strictObject({
  PORT: z._default(port, ENV_DEFAULTS.PORT).check(describe('Port of the public listener of `serve` (0 picks a free port).')),
  HOST: z._default(text(255), ENV_DEFAULTS.HOST).check(describe('Address the public listener binds to.')),
  GLEANTAP_API_KEY: z.optional(z.string()).check(describe('API key of the default Gleantap account. Required while any form uses the default account.')),
  GLEANTAP_SECRET_KEY: z.optional(z.string()).check(describe('Secret key of the default Gleantap account. Required while any form uses the default account.')),
  GLEANTAP_APP_ID: z.optional(text(200)).check(describe('App id of the default Gleantap account. Required while any form uses the default account.')),
  GLEANTAP_BASE_URL: z
    ._default(baseUrl, ENV_DEFAULTS.GLEANTAP_BASE_URL)
    .check(describe('Gleantap API base URL. Must be https, except loopback hosts (localhost, 127.0.0.0/8, [::1]) for the sandbox; no credentials, query or fragment. Redirects are never followed.')),
  ALLOWED_ORIGINS: z.optional(originList).check(describe('Comma-separated exact origins (scheme://host[:port]) for forms that list no `allowedOrigins` of their own (nor in `defaults`).')),
  CAPTURE_CONFIG: z.optional(text(4096)).check(describe('Path of the forms file (JSON). Without it there is one form `default`: first_name, last_name and email required, phone optional.')),
  DATA_DIR: z
    ._default(text(4096), ENV_DEFAULTS.DATA_DIR)
    .check(describe('Directory of the SQLite store (unless DATABASE_URL is set) and of kept widget releases, relative to the working directory; created 0700, files 0600.')),
  DATABASE_URL: z
    .optional(databaseUrl)
    .check(
      describe(
        'postgres:// or postgresql:// URL of a PostgreSQL database (15, the version tested, or later) shared by every instance: the outbox, the idempotency records and the rate-limit counters live there instead of the SQLite store in DATA_DIR, and any number of instances behind a load balancer share them. `serve` migrates the schema at start; `TOKEN_SECRET` is then required. See docs/deploying.md, "Several instances: one PostgreSQL".',
      ),
    ),
  TRUST_PROXY: z
    ._default(trustProxy, ENV_DEFAULTS.TRUST_PROXY)
    .check(
      describe(
        'Which reverse proxies in front of this server to believe about the client IP (`X-Forwarded-For`): their addresses, CIDR ranges or `loopback`, `linklocal`, `uniquelocal`, comma-separated (recommended, e.g. `loopback` or `10.0.0.0/8`), or a number of hops. `0` trusts none. Never `true`.',
      ),
    ),
  TOKEN_SECRET: z
    .optional(z.string().check(z.minLength(TOKEN_SECRET_MIN_LENGTH, { error: `must be at least ${TOKEN_SECRET_MIN_LENGTH} characters (e.g. \`openssl rand -hex 32\`)` })))
    .check(
      describe(
        `Key of the form tokens' HMAC, at least ${TOKEN_SECRET_MIN_LENGTH} characters. Required with DATABASE_URL (every instance must share it). Not used yet: form tokens are not built, so it is checked only.`,
      ),
    ),
  METRICS_PORT: z
    ._default(port, ENV_DEFAULTS.METRICS_PORT)
    .check(
      describe(
        'Port of the Prometheus `/metrics` listener, its own, bound to HOST like the main one: firewall it or set METRICS_TOKEN. `0` picks a free port (the `proxy listening` line names it as `metricsUrl`). Equal to PORT (METRICS_TOKEN then required), `/metrics` is served on the public listener. Metrics are listed in docs/operations.md.',
      ),
    ),
  METRICS_TOKEN: z.optional(z.string()).check(describe('Bearer token: when set, `/metrics` answers only `Authorization: Bearer <token>` (401 otherwise), and may then share the public port.')),
  LOG_FORMAT: z
    .optional(z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }))
    .check(describe('`json` (one object per line: ISO `time`, level names) or `pretty` (pino-pretty, for a person). Default: `pretty` when stdout is a terminal, `json` otherwise. See docs/logs.md.')),
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }), ENV_DEFAULTS.LOG_LEVEL).check(describe(`pino log level: ${LOG_LEVELS.join(', ')}.`)),
  HEADERS_TIMEOUT_MS: z._default(milliseconds, ENV_DEFAULTS.HEADERS_TIMEOUT_MS).check(describe("Time allowed for a request's headers (Node `headersTimeout`); at most REQUEST_TIMEOUT_MS.")),
  REQUEST_TIMEOUT_MS: z._default(milliseconds, ENV_DEFAULTS.REQUEST_TIMEOUT_MS).check(describe('Time allowed for a whole request, headers and body; a slower body gets `408 request_timeout`.')),
  KEEP_ALIVE_TIMEOUT_MS: z._default(milliseconds, ENV_DEFAULTS.KEEP_ALIVE_TIMEOUT_MS).check(describe('How long an idle keep-alive connection stays open (Node `keepAliveTimeout`).')),
  UPSTREAM_CONNECT_TIMEOUT_MS: z._default(milliseconds, ENV_DEFAULTS.UPSTREAM_CONNECT_TIMEOUT_MS).check(describe('Time allowed to connect to Gleantap; at most UPSTREAM_TIMEOUT_MS.')),
  UPSTREAM_HEADERS_TIMEOUT_MS: z._default(milliseconds, ENV_DEFAULTS.UPSTREAM_HEADERS_TIMEOUT_MS).check(describe("Time allowed for Gleantap's response headers; at most UPSTREAM_TIMEOUT_MS.")),
  UPSTREAM_TIMEOUT_MS: z._default(milliseconds, ENV_DEFAULTS.UPSTREAM_TIMEOUT_MS).check(describe('Cap on one whole call to Gleantap, body included.')),
});

/** The parsed environment. */
export type Env = z.output<typeof EnvSchema>;

/** Names of every variable the schema knows, in documentation order. */
export const ENV_KEYS = Object.freeze(Object.keys(EnvSchema.shape) as (keyof Env)[]);

/** Variables whose values are secrets: never echoed, logged or returned in a problem. */
export const SECRET_ENV_KEYS: ReadonlySet<string> = new FrozenSet(['GLEANTAP_API_KEY', 'GLEANTAP_SECRET_KEY', 'TOKEN_SECRET', 'METRICS_TOKEN', 'DATABASE_URL']);
