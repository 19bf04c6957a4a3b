/** One page of the demo website: a body fragment in `demo/site/pages/` and how to serve it. */
export interface DemoPage {
  readonly file: string;
  readonly title: string;
  readonly lang?: string;
  /** Extra `<head>` markup (e.g. the widget script for mount points). */
  readonly head?: string;
  /** Served with the strict Content-Security-Policy. */
  readonly strictCsp?: boolean;
  /** The page file is the whole `<body>` (the studio's front page), not a section under the demo's header. */
  readonly ownLayout?: boolean;
}

const LOAD_API_IN_HEAD = '<script src="{{PROXY}}/widget.js" async></script>';

/**
 * The one script tag of the studio's front page: it loads the API (the inline trial form and
 * the footer's newsletter are mount points) and opens the trial popup from every "Book" button.
 */
const STUDIO_SCRIPT = '<script src="{{PROXY}}/widget.js" data-form="trial" data-open-on="click:.book" async></script>';

/**
 * The demo website: a studio's front page as a visitor sees it, and one link away the
 * developer pages (the widget in every embed mode, triggers, a strict-CSP page, Spanish, the contacts).
 */
export const DEMO_PAGES: Readonly<Record<string, DemoPage>> = {
  '/': { file: 'index.html', title: 'Riverside Studio · Strength, yoga and conditioning in small classes', head: STUDIO_SCRIPT, ownLayout: true },
  '/developers.html': { file: 'developers.html', title: 'Every way to embed the signup form' },
  '/script-tag.html': { file: 'script-tag.html', title: 'Script tag' },
  '/mount-point.html': { file: 'mount-point.html', title: 'Mount points', head: LOAD_API_IN_HEAD },
  '/custom-element.html': { file: 'custom-element.html', title: 'Custom element', head: LOAD_API_IN_HEAD },
  '/popup.html': { file: 'popup.html', title: 'Popup' },
  '/triggers.html': { file: 'triggers.html', title: 'Popup triggers', head: '<script src="{{PROXY}}/widget.js" data-form="trial" data-open-on="scroll:60" async></script>' },
  '/esm.html': { file: 'esm.html', title: 'ES module' },
  '/strict-csp.html': { file: 'strict-csp.html', title: 'Strict Content-Security-Policy', strictCsp: true },
  '/spanish.html': { file: 'spanish.html', title: 'Prueba gratis', lang: 'es' },
  '/contacts.html': { file: 'contacts.html', title: 'Contacts in the sandbox Gleantap' },
};

/** Static files of the demo website, by URL path: file in `demo/site/` and content type. */
export const DEMO_ASSETS: Readonly<Record<string, readonly [string, string]>> = {
  '/site.css': ['site.css', 'text/css; charset=utf-8'],
  '/mount-point.js': ['mount-point.js', 'text/javascript; charset=utf-8'],
  '/popup.js': ['popup.js', 'text/javascript; charset=utf-8'],
  '/esm-page.js': ['esm-page.js', 'text/javascript; charset=utf-8'],
  '/contacts.js': ['contacts.js', 'text/javascript; charset=utf-8'],
};
