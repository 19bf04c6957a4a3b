import type { ContextKey, FieldType, LocalizedText, Messages, TagAction, Theme } from '@gleantap-capture/shared';
import type { ResolvedBots } from '../bots/resolve-bots.ts';
import type { LogFormat } from '../logging/log-format.ts';
import type { AlertSettings } from './resolve-alerts.ts';

/** One rate-limit window. */
export interface RateWindow {
  readonly max: number;
  readonly windowSeconds: number;
}

/** Which Gleantap account a form delivers to; keys are looked up by variable name at delivery. */
export interface AccountRef {
  readonly appId: string;
  readonly apiKeyEnv: string;
  readonly secretKeyEnv: string;
}

/** One choice of a field; for the `location` field, where a contact who picks it goes. */
export interface ResolvedOption {
  readonly value: string;
  /** Per locale of the form; the value itself where the owner gave no label. */
  readonly label: LocalizedText;
  /** The exact Gleantap `location` string (location field only). */
  readonly location?: string;
  /** The named account contacts choosing this option are delivered to (location field only). */
  readonly account?: AccountRef;
}

/** A declared input with catalogue data applied and its texts in every locale of the form. */
export interface ResolvedField {
  readonly name: string;
  readonly type: FieldType;
  readonly label: LocalizedText;
  readonly help?: LocalizedText;
  readonly placeholder?: LocalizedText;
  readonly required: boolean;
  readonly autocomplete: string;
  readonly inputmode: string;
  readonly maxLength: number;
  readonly options?: readonly ResolvedOption[];
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly hidden?: true;
  readonly prefill?: 'url';
}

/** A consent box with its text, and the hash of that text, in every locale. */
export interface ResolvedConsent {
  readonly kind: 'email' | 'sms';
  readonly text: LocalizedText;
  readonly version: LocalizedText;
  readonly required: boolean;
}

/** A form with every default applied; what the routes and the mapping work from. */
export interface ResolvedForm {
  readonly id: string;
  /** Declared inputs in order, with catalogue data and a label in every locale. */
  readonly fields: readonly ResolvedField[];
  /** Names of the declared fields that are custom attributes rather than standard fields. */
  readonly customFields: ReadonlySet<string>;
  /** Consent boxes with `version` = hash of each locale's exact text. */
  readonly consent: readonly ResolvedConsent[];
  readonly smsMode: 'attribute' | 'double-optin' | undefined;
  /** Normalised exact origins (`https://www.example.com`). */
  readonly allowedOrigins: ReadonlySet<string>;
  readonly source: string;
  readonly tags: readonly string[];
  readonly tagAction: TagAction;
  /** Sent only when configured: on an update it overwrites the contact's type. */
  readonly type: string | undefined;
  /** Sent only when configured: on an update it overwrites the contact's status. */
  readonly status: string | undefined;
  /** A fixed location; undefined when none is set or the visitor picks one (the `location` field). */
  readonly location: string | undefined;
  /** Also send the acceptance time as Gleantap `created_date`. */
  readonly sendCreatedDate: boolean;
  readonly rateLimit: {
    readonly perIp: RateWindow;
    readonly perForm: RateWindow;
    readonly definitionPerIp: RateWindow;
    /** Addresses and CIDR ranges the per-IP limits never refuse, as written (checked at load). */
    readonly exemptIps: readonly string[];
  };
  /** ISO 3166 alpha-2 country for phone numbers without `+`. */
  readonly phoneCountry: string;
  readonly locales: readonly string[];
  readonly contextAttributes: Readonly<Partial<Record<ContextKey, string>>>;
  readonly userId: 'email' | 'phone' | undefined;
  readonly success: { readonly message: LocalizedText; readonly redirectUrl: string | undefined };
  readonly submitLabel: LocalizedText;
  readonly heading: LocalizedText | undefined;
  readonly intro: LocalizedText | undefined;
  /** Every message in every locale of the form: built-in catalogue with the owner's overrides. */
  readonly messages: Readonly<Record<string, Messages>>;
  readonly theme: Theme;
  readonly account: AccountRef;
  /** Age limits of the form token its definition carries (`minTokenAge`, `maxTokenAge`). */
  readonly minTokenAgeMs: number;
  readonly maxTokenAgeMs: number;
  /** Phone policy, CAPTCHA and junk checks with every default applied. */
  readonly bots: ResolvedBots;
}

export interface ServerTimeouts {
  /** Node `headersTimeout`. */
  readonly headersMs: number;
  /** Whole request (headers and body); a body not in by then is answered `408 request_timeout`. */
  readonly requestMs: number;
  /** Node `keepAliveTimeout`. */
  readonly keepAliveMs: number;
}

export interface GleantapClientConfig {
  readonly baseUrl: string;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  /** Cap on one whole call, body included. */
  readonly totalTimeoutMs: number;
}

export interface OutboxSettings {
  readonly inlineBudgetMs: number;
  readonly backoff: { readonly baseMs: number; readonly capMs: number };
  readonly deadAfterMs: number;
  /** The oldest waiting lead older than this is logged at error level. */
  readonly alertAfterMs: number;
  readonly retainDeliveredMs: number;
  /** Dead leads' personal data is erased this long after they died. */
  readonly retainDeadMs: number;
  readonly concurrency: number;
}

/** Everything the proxy needs, parsed once at start-up and frozen; nothing reads `process.env` after. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** PostgreSQL shared by every instance (a secret); undefined: SQLite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Proxies believed about the client IP: a hop count, or their addresses, ranges and Express's names. */
  readonly trustProxy: number | readonly string[];
  readonly tokenSecret: string | undefined;
  /** A stand-in siteverify for tests (`CAPTCHA_VERIFY_BASE_URL`); the providers' own when undefined. */
  readonly captchaVerifyBaseUrl: string | undefined;
  readonly metrics: { readonly port: number; readonly token: string | undefined };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT when set; undefined lets the command choose by whether stdout is a terminal. */
  readonly logFormat: LogFormat | undefined;
  readonly server: ServerTimeouts;
  readonly gleantap: GleantapClientConfig;
  readonly forms: ReadonlyMap<string, ResolvedForm>;
  readonly outbox: OutboxSettings;
  /** Webhooks told about dead letters, degraded delivery and refused keys (`alerts`). */
  readonly alerts: AlertSettings;
  /** Values of the key variables the accounts name (`GLEANTAP_API_KEY` …), by variable name. */
  readonly secrets: ReadonlyMap<string, string>;
  /** The forms file this came from, if any. */
  readonly configPath: string | undefined;
}

/** One thing wrong with the configuration: where, and why. Never contains a secret value. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };
