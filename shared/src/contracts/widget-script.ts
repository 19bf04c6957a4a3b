import * as z from 'zod/mini';
import type { Endpoint } from './endpoint.ts';
import { WIDGET_RELEASE_ROUTE, WIDGET_SCRIPT_ROUTE } from './paths.ts';

/** What the widget routes serve: any site may load it. */
export const WIDGET_CONTENT_TYPE = 'text/javascript; charset=utf-8';

/** `GET /widget.js`: the current widget; `404` when this proxy has no build to serve. */
export const widgetScriptEndpoint = {
  ...WIDGET_SCRIPT_ROUTE,
  summary: 'The widget script',
  params: [],
  query: [],
  headers: [],
  answers: { 200: { description: 'JavaScript, gzip or brotli as accepted.', contentType: WIDGET_CONTENT_TYPE } },
  errors: ['method_not_allowed', 'not_found'],
} as const satisfies Endpoint;

/** `GET /widget/widget.<hash>.js`: an immutable release, for pinned, SRI-checked embeds. */
export const widgetReleaseEndpoint = {
  ...WIDGET_RELEASE_ROUTE,
  summary: 'A pinned widget release',
  params: [{ name: 'file', required: true, schema: z.string(), description: 'widget.<hash>.js, as `gleantap-capture widget-sri` prints it.' }],
  query: [],
  headers: [],
  answers: { 200: { description: 'JavaScript, immutable.', contentType: WIDGET_CONTENT_TYPE } },
  errors: ['method_not_allowed', 'not_found'],
} as const satisfies Endpoint;
