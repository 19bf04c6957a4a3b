import { describe, expect, it } from 'vitest';
import { pickLocale } from './locale.ts';

describe('choosing the locale', () => {
  it('takes the first wish the form offers, exactly or by language', () => {
    expect(pickLocale(['es', 'en'], ['en', 'es'])).toBe('es');
    expect(pickLocale([undefined, 'es-MX'], ['en', 'es'])).toBe('es');
    expect(pickLocale(['pt-BR'], ['en', 'pt-BR'])).toBe('pt-BR');
    expect(pickLocale(['PT'], ['en', 'pt-BR'])).toBe('pt-BR');
  });
  it('falls back to the form’s first locale', () => {
    expect(pickLocale(['fr', null, ''], ['es', 'en'])).toBe('es');
  });
});
