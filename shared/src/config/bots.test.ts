import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { BotsConfig } from './bots.ts';
import { COUNTRY_PATTERN } from './forms-file.ts';

interface Node {
  readonly description?: string;
  readonly properties?: Record<string, Node>;
  readonly items?: Node;
}

/** Every key path under `node` whose schema has no description. */
function undescribed(node: Node, path: string): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const at = `${path}.${key}`;
    return [...(child.description === undefined ? [at] : []), ...undescribed(child, at), ...(child.items ? undescribed(child.items, `${at}[]`) : [])];
  });
}

describe('bot settings schema', () => {
  it('accepts every documented setting', () => {
    const full = {
      phone: { countries: ['US', 'CA'], refuseTypes: ['premium-rate', 'voip'] },
      captcha: { provider: 'turnstile', siteKey: '0x4AAAAAAAB', secretEnv: 'TURNSTILE_SECRET_KEY', failOpen: false, hostnames: ['www.example-gym.com'] },
      junk: { disposableEmail: false, linksInNames: true, sameValueEverywhere: false },
    };
    expect(BotsConfig.safeParse(full).success).toBe(true);
    expect(BotsConfig.safeParse({}).success).toBe(true);
    expect(BotsConfig.safeParse({ phone: { refuseTypes: [] } }).success).toBe(true);
    expect(BotsConfig.safeParse({ captcha: { provider: 'hcaptcha', siteKey: '10000000-ffff-ffff-ffff-000000000001', secretEnv: 'HCAPTCHA_SECRET' } }).success).toBe(true);
  });

  it('refuses what would be mistaken or leak', () => {
    const refused = [
      { phone: { countries: ['us'] } },
      { phone: { countries: [] } },
      { phone: { refuseTypes: ['premium'] } },
      { phone: { allow: ['US'] } },
      // Token ages are the form's own minTokenAge/maxTokenAge, not a second pair here.
      { token: { minAge: '0s' } },
      { captcha: { provider: 'recaptcha', siteKey: 'k', secretEnv: 'S' } },
      { captcha: { provider: 'turnstile', siteKey: 'k' } },
      // A secret value pasted where its variable's name belongs.
      { captcha: { provider: 'turnstile', siteKey: 'k', secretEnv: '0x4AAAAAAAsecret' } },
      { captcha: { provider: 'turnstile', siteKey: 'k', secretEnv: 'S', secret: 'x' } },
      { captcha: { provider: 'turnstile', siteKey: 'k', secretEnv: 'S', hostnames: ['https://www.example.com'] } },
      { junk: { disposableEmail: 'yes' } },
    ];
    for (const value of refused) expect(BotsConfig.safeParse(value).success, JSON.stringify(value)).toBe(false);
  });

  it('describes every setting, for the generated configuration reference', () => {
    const schema = z.toJSONSchema(BotsConfig, { io: 'input', unrepresentable: 'any' }) as Node;
    expect(undescribed(schema, 'bots')).toEqual([]);
  });

  it('reads countries exactly as the rest of the forms file does', () => {
    const schema = z.toJSONSchema(BotsConfig, { io: 'input' }) as { properties: Record<string, { properties: Record<string, { pattern?: string; items?: { pattern?: string } }> }> };
    expect(schema.properties['phone']!.properties['countries']!.items!.pattern).toBe(COUNTRY_PATTERN.source);
  });
});
