import { describe, expect, it } from 'vitest';
import { SITE_ORIGIN, startHarness } from '../testing/harness.ts';
import { parseColour } from './colour.ts';
import type { ConfigProblem } from './config.ts';
import { contrastRatio } from './contrast.ts';
import { loadConfig } from './load-config.ts';

const NAMES = [
  { name: 'first_name', required: true },
  { name: 'last_name', required: true },
  { name: 'email', required: true },
];

function problemsFor(theme: unknown): readonly ConfigProblem[] {
  const file = { version: 1, forms: { trial: { fields: NAMES, theme } } };
  const result = loadConfig(
    { GLEANTAP_API_KEY: 'k', GLEANTAP_SECRET_KEY: 's', GLEANTAP_APP_ID: 'a', ALLOWED_ORIGINS: 'https://www.example.com', CAPTURE_CONFIG: 'f.json' },
    { readFile: () => JSON.stringify(file) },
  );
  return result.ok ? [] : result.problems;
}

const ratio = (one: string, other: string) => {
  const a = parseColour(one);
  const b = parseColour(other);
  if (!a || !b) throw new Error('unreadable test colour');
  return contrastRatio(a, b);
};

describe('colours in every accepted syntax', () => {
  it.each([
    ['#fff', { r: 255, g: 255, b: 255, a: 1 }],
    ['#0f08', { r: 0, g: 255, b: 0, a: 0x88 / 255 }],
    ['#1F5FD1', { r: 31, g: 95, b: 209, a: 1 }],
    ['#1f5fd180', { r: 31, g: 95, b: 209, a: 128 / 255 }],
    ['rgb(31, 95, 209)', { r: 31, g: 95, b: 209, a: 1 }],
    ['rgb(31 95 209 / 50%)', { r: 31, g: 95, b: 209, a: 0.5 }],
    ['rgba(100%, 0%, 0%, 0.25)', { r: 255, g: 0, b: 0, a: 0.25 }],
    ['hsl(0, 100%, 50%)', { r: 255, g: 0, b: 0, a: 1 }],
    ['hsl(120 100% 25%)', { r: 0, g: 127.5, b: 0, a: 1 }],
    ['hsla(240, 100%, 50%, 0.5)', { r: 0, g: 0, b: 255, a: 0.5 }],
  ])('reads %s', (text, expected) => {
    const colour = parseColour(text);
    expect(colour).toBeDefined();
    for (const key of ['r', 'g', 'b', 'a'] as const) expect(colour?.[key]).toBeCloseTo(expected[key], 5);
  });

  it('gives the WCAG ratios people quote', () => {
    expect(ratio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(ratio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(ratio('hsl(0 0% 100%)', 'rgb(0, 0, 0)')).toBeCloseTo(21, 5);
  });
});

describe('button text contrast in the theme', () => {
  it('accepts the defaults and a readable pair', () => {
    expect(problemsFor({})).toEqual([]);
    expect(problemsFor({ accentColor: '#ffcc00', accentTextColor: '#1a1a1a' })).toEqual([]);
  });

  it('refuses white text on a yellow accent, stating the measured ratio', () => {
    expect(problemsFor({ accentColor: '#ffcc00' })).toEqual([
      {
        path: 'forms.trial.theme.accentColor',
        message: 'button text #fff (default) on accent #ffcc00 has a contrast of 1.5:1, needs 4.5:1 (WCAG AA); set accentTextColor or choose another accentColor',
      },
    ]);
  });

  it('points at accentTextColor when that is what the owner set', () => {
    expect(problemsFor({ accentTextColor: 'rgb(119 119 119)', accentColor: '#fff' })).toEqual([
      { path: 'forms.trial.theme.accentTextColor', message: expect.stringContaining('contrast of 4.4:1, needs 4.5:1') },
    ]);
  });

  it('measures a translucent accent over both a white and a black page', () => {
    // Opaque, #1f5fd1 carries white text at 5.9:1; at 30% over white it turns pale, and white text on it fails.
    expect(problemsFor({ accentColor: 'rgba(31, 95, 209, 0.3)' })).toEqual([
      { path: 'forms.trial.theme.accentColor', message: expect.stringMatching(/contrast of 1\.\d:1, needs 4\.5:1 .*white and a black page/) },
    ]);
  });
});

describe('messages for people', () => {
  it('says which colour formats are accepted instead of printing a pattern', () => {
    const problems = problemsFor({ accentColor: 'blue', radius: '6', fontFamily: 'Inter; color: red' });
    expect(problems).toEqual([
      { path: 'forms.trial.theme.accentColor', message: expect.stringContaining('#rgb, #rgba, #rrggbb, #rrggbbaa, rgb(…), rgba(…), hsl(…) or hsla(…)') },
      { path: 'forms.trial.theme.radius', message: expect.stringContaining('in px, rem or em') },
      { path: 'forms.trial.theme.fontFamily', message: expect.stringContaining('font family names separated by commas') },
    ]);
    expect(problems.map((item) => item.message).join('\n')).not.toMatch(/\^|\[0-9/);
  });

  it('suggests the nearest key for an unknown one', () => {
    expect(problemsFor({ accentColour: '#000' })).toEqual([{ path: 'forms.trial.theme.accentColour', message: 'unknown key; did you mean "accentColor"?' }]);
  });
});

describe('accentTextColor reaches the widget', () => {
  it('is part of the public form definition, as the widget maps it to --gleantap-accent-text', async () => {
    const harness = await startHarness({ formsFile: { version: 1, forms: { default: { fields: NAMES, theme: { accentColor: '#ffcc00', accentTextColor: '#1a1a1a' } } } } });
    try {
      const response = await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: SITE_ORIGIN } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { theme: unknown }).theme).toEqual({ accentColor: '#ffcc00', accentTextColor: '#1a1a1a' });
    } finally {
      await harness.close();
    }
  });
});

describe('the dark scheme’s colours', () => {
  it('accepts the built-in dark defaults and a readable dark pair, and lets the light accent stay out of the dark scheme', () => {
    expect(problemsFor({ accentColor: '#123456', dark: {} })).toEqual([]);
    expect(problemsFor({ dark: { accentColor: '#ffcc00', accentTextColor: '#1a1a1a', backgroundColor: '#000', textColor: '#eee', errorColor: '#ff8a80', borderColor: '#999' } })).toEqual([]);
  });

  it('refuses an unreadable dark button with the measured ratio, at the dark key', () => {
    // #111 (the dark default text) on a dark blue accent: the pair a light brand colour copied into dark mode gives.
    expect(problemsFor({ dark: { accentColor: '#1f3a93' } })).toEqual([
      {
        path: 'forms.trial.theme.dark.accentColor',
        message: 'button text #111 (default) on accent #1f3a93 has a contrast of 1.8:1, needs 4.5:1 (WCAG AA); set accentTextColor or choose another accentColor',
      },
    ]);
    expect(problemsFor({ dark: { accentColor: '#8ab4f8', accentTextColor: '#ffffff' } })).toEqual([
      { path: 'forms.trial.theme.dark.accentTextColor', message: expect.stringContaining('contrast of 2.1:1, needs 4.5:1') },
    ]);
  });

  it('checks only the scheme a forced colorScheme can show', () => {
    expect(problemsFor({ colorScheme: 'light', dark: { accentColor: '#1f3a93' } })).toEqual([]);
    expect(problemsFor({ colorScheme: 'dark', accentColor: '#ffcc00' })).toEqual([]);
    expect(problemsFor({ colorScheme: 'dark', dark: { accentColor: '#1f3a93' } })).toEqual([{ path: 'forms.trial.theme.dark.accentColor', message: expect.stringContaining('1.8:1') }]);
    expect(problemsFor({ colorScheme: 'auto', accentColor: '#ffcc00', dark: { accentColor: '#1f3a93' } }).map((item) => item.path)).toEqual([
      'forms.trial.theme.accentColor',
      'forms.trial.theme.dark.accentColor',
    ]);
  });

  it('takes colours only, in the accepted formats, and names the scheme values', () => {
    expect(problemsFor({ dark: { accentColor: 'navy', radius: '4px' } })).toEqual([
      { path: 'forms.trial.theme.dark.accentColor', message: expect.stringContaining('#rgb, #rgba, #rrggbb') },
      { path: 'forms.trial.theme.dark.radius', message: expect.stringContaining('unknown key') },
    ]);
    expect(problemsFor({ colorScheme: 'night' })).toEqual([{ path: 'forms.trial.theme.colorScheme', message: expect.stringMatching(/light.*dark.*auto/) }]);
  });

  it('reaches the widget in the public form definition', async () => {
    const theme = { colorScheme: 'auto', accentColor: '#1f5fd1', dark: { accentColor: '#ffcc00', accentTextColor: '#1a1a1a' } };
    const harness = await startHarness({ formsFile: { version: 1, forms: { default: { fields: NAMES, theme } } } });
    try {
      const response = await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: SITE_ORIGIN } });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { theme: unknown }).theme).toEqual(theme);
    } finally {
      await harness.close();
    }
  });
});
