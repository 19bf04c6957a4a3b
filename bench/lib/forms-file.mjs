// The forms file of every `serve` under test: one form `bench` (first name, last name, e-mail)
// with limits far above any load here, no minimum token age, and a short backoff so the outbox
// drain measures delivery, not waiting. Only keys every build since the compiled proxy accepts.
import { ORIGIN } from './children.mjs';

const FAR_ABOVE = { max: 1_000_000, windowSeconds: 1 };

export const BENCH_FORMS_FILE = Object.freeze({
  version: 1,
  defaults: {
    rateLimit: { perIp: FAR_ABOVE, perForm: FAR_ABOVE, definitionPerIp: FAR_ABOVE },
    minTokenAge: '0s',
  },
  outbox: { backoff: { baseMs: 10, capMs: 200 } },
  forms: {
    bench: {
      allowedOrigins: [ORIGIN],
      fields: [
        { name: 'first_name', required: true },
        { name: 'last_name', required: true },
        { name: 'email', required: true },
      ],
    },
  },
});
