import { buildFormCss, en, es } from '@gleantap-capture/shared';
import type { Definition } from '../core/definition.ts';

/** One request the widget made, as the network saw it. */
export interface SeenRequest {
  readonly url: string;
  readonly method: string;
  readonly body: unknown;
}

type Answer = Response | Promise<Response> | 'network_error';

/**
 * The network boundary for component tests: answers the widget's two calls from a script
 * of responses and records every request. The real proxy is exercised by the e2e suite.
 */
export function fakeNetwork(definition: Definition | ((url: URL) => Definition)) {
  const seen: SeenRequest[] = [];
  const answers: Answer[] = [];
  const fetchDouble = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    seen.push({ url, method, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    if (method === 'GET') return json(200, typeof definition === 'function' ? definition(new URL(url)) : definition);
    const next = answers.shift() ?? json(201, { status: 'created', id: 'x' });
    if (next === 'network_error') throw new TypeError('Failed to fetch');
    return next;
  };
  return {
    fetch: fetchDouble,
    seen,
    /** Queues the answers to the next submissions, in order. */
    answer(...next: Answer[]) {
      answers.push(...next);
    },
    submissions: () => seen.filter((request) => request.method === 'POST').map((request) => request.body as Record<string, unknown>),
  };
}

/** A JSON response with optional headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A definition like the proxy's default form, in English, with an SMS consent box. */
export const DEFINITION: Definition = {
  id: 'trial',
  locale: 'en',
  fields: [
    { name: 'first_name', type: 'text', label: 'First name', required: true, autocomplete: 'given-name', inputmode: 'text', maxLength: 100 },
    { name: 'last_name', type: 'text', label: 'Last name', required: true, autocomplete: 'family-name', inputmode: 'text', maxLength: 100 },
    { name: 'email', type: 'email', label: 'Email', required: true, autocomplete: 'email', inputmode: 'email', maxLength: 254 },
    { name: 'phone', type: 'tel', label: 'Phone', required: false, autocomplete: 'tel', inputmode: 'tel', maxLength: 32 },
    {
      name: 'goal',
      type: 'select',
      label: 'Your goal',
      required: false,
      autocomplete: 'off',
      inputmode: 'none',
      maxLength: 256,
      options: [
        { value: 'strength', label: 'Strength' },
        { value: 'weight loss', label: 'Weight loss' },
      ],
    },
  ],
  consent: [{ kind: 'sms', text: 'Text me offers. [Terms](https://example.com/terms)', version: 'aaaaaaaaaaaa', required: false }],
  // As the proxy resolves them: the built-in catalogue for the locale, with the owner's overrides.
  messages: en,
  theme: { accentColor: '#aa0000' },
  css: buildFormCss({ accentColor: '#aa0000' }),
  submitLabel: 'Start my trial',
  success: { message: 'Welcome aboard!' },
};

/** The same form as the proxy answers it for a Spanish-speaking visitor. */
export const DEFINITION_ES: Definition = {
  ...DEFINITION,
  locale: 'es',
  fields: DEFINITION.fields.map((field, index) => ({ ...field, label: ['Nombre', 'Apellido', 'Correo electrónico', 'Teléfono', 'Tu objetivo'][index] as string })),
  consent: [{ kind: 'sms', text: 'Envíame ofertas.', version: 'bbbbbbbbbbbb', required: false }],
  messages: es,
  submitLabel: 'Empezar',
  success: { message: '¡Bienvenida!' },
};

/** The proxy's choice of locale, as far as these two go: Spanish when the first wish is Spanish. */
export function byLocale(url: URL): Definition {
  return /^es\b/i.test(url.searchParams.get('locale') ?? '') ? DEFINITION_ES : DEFINITION;
}
