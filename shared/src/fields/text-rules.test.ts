import { describe, expect, it } from 'vitest';
import { hasForbiddenCharacters, isBlank, isCalendarDate, isEmail, isPhoneShaped, normaliseEmail, normaliseText } from './text-rules.ts';

describe('text rules', () => {
  it('NFC-normalises and trims', () => {
    expect(normaliseText('  Ade\u0300le \t')).toBe('Adèle');
    expect(normaliseText('a\r\nb\rc', true)).toBe('a\nb\nc');
  });

  it('refuses control characters, bidi overrides and lone surrogates but keeps emoji', () => {
    for (const bad of ['a\u0000b', 'a\u0007', 'line\nbreak', 'tab\there', 'x\u0085', 'evil\u202Etxt', 'iso\u2066late', 'half\uD800']) {
      expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
    }
    for (const good of ['Zoë', '李小龙', 'Ana 💪', 'O’Brien']) {
      expect(hasForbiddenCharacters(good), good).toBe(false);
    }
    expect(hasForbiddenCharacters('two\nlines\twith tab', true)).toBe(false);
    expect(hasForbiddenCharacters('bell\u0007', true)).toBe(true);
  });

  it('refuses invisible characters: zero-width, direction marks, line separators, tags', () => {
    for (const bad of [
      'zero\u200Bwidth',
      'non\u200Cjoiner',
      'Ada\u200D',
      '\u200DAda',
      'a\u200Db',
      'word\u2060joiner',
      '\uFEFFAda',
      'Ada\uFEFF',
      'ltr\u200Emark',
      'rtl\u200Fmark',
      'arabic\u061Cmark',
      'line\u2028sep',
      'para\u2029sep',
      'inv\u2062times',
      'tag\u{E0041}ged',
      '\u{E0001}lang',
      'Ada 💪\u200D',
      '💪\u200DAda',
      '\u{E0067}\u{E0062}\u{E007F}',
      'A\u{E0067}\u{E007F}',
    ]) {
      expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
    }
    expect(hasForbiddenCharacters('two\u2028lines', true)).toBe(true);
  });

  it('keeps emoji: ZWJ sequences, skin tones, flags (regional and subdivision), keycaps', () => {
    for (const good of ['👩‍💻', '👩🏽‍💻', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🏴‍☠️', '❤️‍🔥', '🧑🏻‍🤝‍🧑🏼', '🧑‍🦰', '🐻‍❄️', '👍🏽', '🇺🇸', '🇪🇸', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '#️⃣', 'Ana 🏋️‍♀️ López', 'Ngozi 💪']) {
      expect(hasForbiddenCharacters(good), good).toBe(false);
      expect(hasForbiddenCharacters(good, true), good).toBe(false);
    }
  });

  it('keeps the joiners a word needs in scripts that spell with them, and only there', () => {
    // Persian "I want" and "books" (ZWNJ), Hindi "kṣa" written with a half form (virama + ZWJ),
    // Bengali ya-phala (ZWNJ before the virama).
    for (const good of ['می\u200Cخواهم', 'کتاب\u200Cها', 'क्\u200Dष', 'র\u200C্য']) {
      expect(hasForbiddenCharacters(good), JSON.stringify(good)).toBe(false);
    }
    // Outside a word of such a script, the same characters hide things: refused.
    for (const bad of ['\u200Cمی', 'می\u200C', 'می\u200C\u200Cخواهم', 'Ada\u200CLovelace', 'a\u200Cم', 'م\u200Ca', 'می\u200Bخواهم']) {
      expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
    }
  });

  it('counts a value of nothing but white space and invisible characters as blank', () => {
    for (const blank of [undefined, null, '', '   ', '\t', '\u200B', ' \u200B\u200C\u200D ', '\uFEFF', '\u2060\u2061', '\u{E0041}\u{E007F}', '\u2028']) {
      expect(isBlank(blank), JSON.stringify(blank)).toBe(true);
    }
    for (const filled of ['a', ' a ', '💪', '\u200Ba', 0, false, [], {}]) expect(isBlank(filled), JSON.stringify(filled)).toBe(false);
  });

  it('checks emails after lower-casing', () => {
    expect(normaliseEmail(' Ada@Example.COM ')).toBe('ada@example.com');
    for (const good of ['ada@example.com', 'a.b+tag@sub.example.co.uk', "o'brien@example.ie"]) expect(isEmail(good), good).toBe(true);
    for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com', 'ada@exa mple.com', 'a@b@example.com', 'ada@-example.com', 'ada@example.c']) {
      expect(isEmail(bad), bad).toBe(false);
    }
  });

  it('checks phone structure: + optional, 7 to 15 digits after separators', () => {
    for (const good of ['+1 (415) 555-2671', '415.555.2671', '0207 946 0958', '1234567', '+123456789012345']) expect(isPhoneShaped(good), good).toBe(true);
    for (const bad of ['123456', '+1234567890123456', '415-555-CALL', '++14155552671', '', '+']) expect(isPhoneShaped(bad), bad).toBe(false);
  });

  it('accepts only real calendar dates', () => {
    for (const good of ['2000-02-29', '1990-12-31', '1900-01-01']) expect(isCalendarDate(good), good).toBe(true);
    for (const bad of ['1999-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '23-01-01', '2023-1-1', '1899-12-31', '2023-01-01T00:00']) {
      expect(isCalendarDate(bad), bad).toBe(false);
    }
  });
});
