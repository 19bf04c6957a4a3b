import type { MessageKey } from './messages.ts';

/** The texts the widget needs before (or without) a form definition. */
export type PageTextKey = Extract<MessageKey, 'submit' | 'close' | 'origin_not_allowed'>;

/**
 * The few texts the widget shows before any form definition is known: the popup's title and
 * close button, and the notice on a page the proxy refuses. Kept apart from the rest of the
 * catalogue (which travels in the form definition) so the script tag carries only these.
 */
export const PAGE_TEXTS: Readonly<Record<'en' | 'es', Readonly<Record<PageTextKey, string>>>> = {
  en: {
    submit: 'Sign up',
    close: 'Close',
    origin_not_allowed: "This form can't be sent from this page right now. Please contact us another way.",
  },
  es: {
    submit: 'Registrarme',
    close: 'Cerrar',
    origin_not_allowed: 'Este formulario no se puede enviar desde esta página ahora. Contáctanos por otro medio.',
  },
};
