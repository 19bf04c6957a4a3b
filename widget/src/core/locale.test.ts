import { afterEach, describe, expect, it, vi } from 'vitest';
import { preferredLocales } from './locale.ts';

afterEach(() => vi.unstubAllGlobals());

describe('the locales the widget asks the proxy for', () => {
  it('lists the embed’s locale, then the page’s lang, then the browser’s, in that order', () => {
    vi.stubGlobal('navigator', { languages: ['es-MX', 'es', 'en'] });
    document.documentElement.lang = 'pt-BR';
    expect(preferredLocales('fr')).toEqual(['fr', 'pt-BR', 'es-MX', 'es', 'en']);
    document.documentElement.lang = '';
    expect(preferredLocales(undefined)).toEqual(['es-MX', 'es', 'en']);
  });

  it('sends only well-formed tags, at most eight, so nothing can break the query string', () => {
    vi.stubGlobal('navigator', { languages: ['en,fr', 'x'.repeat(36), 'de&x=1', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] });
    document.documentElement.lang = 'es';
    expect(preferredLocales('')).toEqual(['es', 'a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('asks for each locale once, whatever its case, keeping its first place', () => {
    vi.stubGlobal('navigator', { languages: ['en-US', 'EN', 'es', 'en-us', 'fr', 'es'] });
    document.documentElement.lang = 'en';
    expect(preferredLocales('es')).toEqual(['es', 'en', 'en-US', 'fr']);
  });
});
