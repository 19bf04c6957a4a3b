import { en, es, PublicFormDefinition } from '@gleantap-capture/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, SITE_ORIGIN, startHarness } from '../testing/harness.ts';

describe('the public definition’s messages', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      formsFile: {
        version: 1,
        forms: {
          default: {
            locales: ['en', 'es'],
            fields: [
              { name: 'first_name', required: true },
              { name: 'last_name', required: true },
              { name: 'email', required: true },
            ],
            messages: { es: { retry: 'Otra vez' } },
          },
        },
      },
    });
  });
  afterAll(() => harness.close());

  it('carries every message of every locale, the owner’s overrides applied, so the widget needs no catalogue', async () => {
    const response = await fetch(`${harness.proxy.url}/v1/forms/default`, { headers: { origin: SITE_ORIGIN } });
    expect(response.status).toBe(200);
    const definition = PublicFormDefinition.parse(await response.json());
    expect(Object.keys(definition.messages).sort()).toEqual(['en', 'es']);
    expect(definition.messages['en']).toEqual(en);
    expect(definition.messages['es']).toEqual({ ...es, retry: 'Otra vez' });
  });
});
