import { en, es, type PublicFormDefinition } from '@gleantap-capture/shared';

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
export function fakeNetwork(definition: PublicFormDefinition) {
  const seen: SeenRequest[] = [];
  const answers: Answer[] = [];
  const fetchDouble = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    seen.push({ url, method, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    if (method === 'GET') return json(200, definition);
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

/** A definition like the proxy's default form, with an SMS consent box. */
export const DEFINITION: PublicFormDefinition = {
  id: 'trial',
  fields: [
    { name: 'first_name', type: 'text', label: { en: 'First name', es: 'Nombre' }, required: true, autocomplete: 'given-name', inputmode: 'text', maxLength: 100 },
    { name: 'last_name', type: 'text', label: { en: 'Last name', es: 'Apellido' }, required: true, autocomplete: 'family-name', inputmode: 'text', maxLength: 100 },
    { name: 'email', type: 'email', label: { en: 'Email', es: 'Correo electrónico' }, required: true, autocomplete: 'email', inputmode: 'email', maxLength: 254 },
    { name: 'phone', type: 'tel', label: { en: 'Phone', es: 'Teléfono' }, required: false, autocomplete: 'tel', inputmode: 'tel', maxLength: 32 },
    { name: 'goal', type: 'select', label: { en: 'Your goal', es: 'Tu objetivo' }, required: false, autocomplete: 'off', inputmode: 'none', maxLength: 256, options: ['strength', 'weight loss'] },
  ],
  consent: [{ kind: 'sms', text: { en: 'Text me offers. [Terms](https://example.com/terms)', es: 'Envíame ofertas.' }, version: { en: 'aaaaaaaaaaaa', es: 'bbbbbbbbbbbb' }, required: false }],
  // As the proxy resolves them: the built-in catalogue per locale, with the owner's overrides.
  messages: { en, es },
  locales: ['en', 'es'],
  theme: { accentColor: '#aa0000' },
  submitLabel: { en: 'Start my trial', es: 'Empezar' },
  success: { message: { en: 'Welcome aboard!', es: '¡Bienvenida!' } },
};
