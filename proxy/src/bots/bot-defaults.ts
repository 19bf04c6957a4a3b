import { deepFreeze } from '../config/frozen.ts';

/**
 * A form's bot settings when neither it nor the file's `defaults` says otherwise (the
 * descriptions in shared/src/config/bots.ts repeat these). The phone country default is the
 * form's own `phoneCountry`, so it is not here;
 * token ages are the form's `minTokenAge`/`maxTokenAge` (FORM_DEFAULTS).
 */
export const BOT_DEFAULTS = deepFreeze({
  phone: {
    // Numbers that cost whoever sends to them (SMS pumping) or that reach no person who signed up.
    // voip and toll-free stay allowed: real visitors sign up with them.
    refuseTypes: ['premium-rate', 'shared-cost', 'personal-number', 'pager', 'uan', 'voicemail'],
  },
  junk: { disposableEmail: true, linksInNames: true, sameValueEverywhere: true },
} as const);
