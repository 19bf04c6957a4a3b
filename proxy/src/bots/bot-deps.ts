import type { CaptchaVerifier } from './captcha.ts';
import type { FormTokens } from './form-token.ts';
import type { JunkCheck } from './junk.ts';

/** What the form routes check bots with: built once at start-up (start-proxy.ts), kept across reloads. */
export interface BotDeps {
  /** Issues each definition's token and checks each submission's. */
  readonly tokens: FormTokens;
  /** Asks the CAPTCHA providers (its own connection pool). */
  readonly captcha: CaptchaVerifier;
  readonly junk: JunkCheck;
}
