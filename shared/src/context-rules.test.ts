import { describe, expect, it } from 'vitest';
import { cleanPageUrl, isContextLocale, looksLikeFormula } from './context-rules.ts';
import { SubmissionContext } from './submission.ts';

const parse = (context: Record<string, unknown>) => SubmissionContext.safeParse(context);

describe('submission context values', () => {
  it('keep page and referrer URLs without fragment, credentials or query parameters other than utm_*', () => {
    const result = parse({
      page_url: ' https://user:pw@www.example-gym.com/trial?email=ada%40example.com&utm_source=news&utm_medium=mail#form ',
      referrer: 'http://search.example/?q=yoga+near+me',
    });
    expect(result.success && result.data).toEqual({
      page_url: 'https://www.example-gym.com/trial?utm_source=news&utm_medium=mail',
      referrer: 'http://search.example/',
    });
  });

  it('drop URLs that are not http(s): the lead stays, the value does not', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>',
      'file:///etc/passwd',
      'vbscript:x',
      'ftp://x.example/',
      'android-app://com.google.android.gm/',
      '//www.example.com/',
      '/trial',
      'not a url',
    ]) {
      expect(parse({ page_url: url, referrer: url }), url).toEqual({ success: true, data: { page_url: '', referrer: '' } });
    }
  });

  it('apply the field text rules to every key: controls, CRLF, NUL, bidi, lone surrogates and invisible characters drop the value', () => {
    for (const bad of ['a\r\nb', 'a\u0000', 'x\u202Ey', '\uD800', 'a\u200Bb', 'a\u2028b']) {
      for (const key of ['page_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'locale']) {
        const value = key.endsWith('url') || key === 'referrer' ? `https://example.com/${bad}` : bad;
        expect(parse({ [key]: value }), `${key}: ${JSON.stringify(value)}`).toEqual({ success: true, data: { [key]: '' } });
      }
    }
  });

  it('NFC-normalise and trim text values; an empty value is "not given"', () => {
    const result = parse({ utm_campaign: '  Fe\u0301vrier  ', utm_source: '', page_url: '', locale: '' });
    expect(result.success && result.data).toEqual({ utm_campaign: 'Février', utm_source: '', page_url: '', locale: '' });
  });

  it('defuse UTM values that a spreadsheet would run as a formula with a leading apostrophe', () => {
    for (const formula of ['=HYPERLINK("https://evil.example","x")', '+1+1', '-20% off', '@SUM(A1)', ' =1+1']) {
      expect(parse({ utm_source: formula, utm_content: formula }), formula).toEqual({ success: true, data: { utm_source: `'${formula.trim()}`, utm_content: `'${formula.trim()}` } });
    }
    expect(parse({ utm_source: 'newsletter', utm_term: 'yoga + pilates', utm_content: 'a=b' })).toEqual({
      success: true,
      data: { utm_source: 'newsletter', utm_term: 'yoga + pilates', utm_content: 'a=b' },
    });
  });

  it('take a locale only as a short language tag', () => {
    for (const good of ['en', 'es', 'pt-BR', 'zh-Hant-TW']) expect(parse({ locale: good }), good).toEqual({ success: true, data: { locale: good } });
    for (const bad of ['e', 'EN', 'en_US', 'en-', `en-${'abcdefgh-'.repeat(4)}x`, 'en;DROP', 'x'.repeat(2048)]) expect(parse({ locale: bad }), bad).toEqual({ success: true, data: { locale: '' } });
  });

  it('refuse a value over 2,048 characters as a bad body, and never store a cleaned URL longer than that', () => {
    expect(parse({ utm_term: 'x'.repeat(2048) }).success).toBe(true);
    expect(parse({ utm_term: 'x'.repeat(2049) }).success).toBe(false);
    // Cleaning percent-encodes: what is stored must fit, not just what was sent.
    expect(parse({ page_url: `https://example.com/${'é'.repeat(1000)}` })).toEqual({ success: true, data: { page_url: '' } });
  });

  it('exposes its rules as functions', () => {
    expect(cleanPageUrl('https://example.com/a?b=1#c')).toBe('https://example.com/a');
    expect(looksLikeFormula('@x')).toBe(true);
    expect(isContextLocale('es')).toBe(true);
  });
});
