import { BotsConfig } from '@gleantap-capture/shared/config/bots.ts';
import { describe, expect, it } from 'vitest';
import type { ConfigProblem } from '../config/config.ts';
import { checkPhone } from './phone-policy.ts';
import { resolveBots } from './resolve-bots.ts';

const CONTEXT = { phoneCountry: 'US', allowedOrigins: ['https://www.example-gym.com'] };
const CAPTCHA = { provider: 'turnstile', siteKey: '0x4AAAAAAAtest', secretEnv: 'TURNSTILE_SECRET_KEY' } as const;

function resolve(form: unknown, defaults?: unknown, context = CONTEXT) {
  const problems: ConfigProblem[] = [];
  const parse = (value: unknown) => (value === undefined ? undefined : BotsConfig.parse(value));
  return { bots: resolveBots(parse(form), parse(defaults), context, 'forms.trial', problems), problems };
}

describe('resolving a form bot settings', () => {
  it('a form that says nothing gets the documented defaults', () => {
    const { bots, problems } = resolve(undefined);
    expect(problems).toEqual([]);
    expect([...bots.phone.countries]).toEqual(['US']);
    expect([...bots.phone.refuseTypes].sort()).toEqual(['pager', 'personal-number', 'premium-rate', 'shared-cost', 'uan', 'voicemail']);
    expect(bots.captcha).toBeUndefined();
    expect(bots.junk).toEqual({ disposableEmail: true, linksInNames: true, sameValueEverywhere: true });
    expect(Object.isFrozen(bots) && Object.isFrozen(bots.junk)).toBe(true);
  });

  it("a form's settings win over the file defaults, setting by setting", () => {
    const { bots, problems } = resolve({ junk: { linksInNames: false } }, { junk: { disposableEmail: false, linksInNames: true }, phone: { countries: ['CA'] } });
    expect(problems).toEqual([]);
    expect(bots.junk).toEqual({ disposableEmail: false, linksInNames: false, sameValueEverywhere: true });
    expect(checkPhone('+16135550123', bots.phone)).toMatchObject({ ok: true, country: 'CA' });
  });

  it('a CAPTCHA checks the hosts of the form origins unless it names its own', () => {
    const fromOrigins = resolve({ captcha: CAPTCHA }).bots.captcha;
    expect(fromOrigins).toMatchObject({ ...CAPTCHA, failOpen: false });
    expect([...(fromOrigins?.hostnames ?? [])]).toEqual(['www.example-gym.com']);
    const named = resolve({ captcha: { ...CAPTCHA, failOpen: true, hostnames: ['landing.example-gym.com'] } }).bots.captcha;
    expect(named?.failOpen).toBe(true);
    expect([...(named?.hostnames ?? [])]).toEqual(['landing.example-gym.com']);
    expect(resolve(undefined, { captcha: CAPTCHA }).bots.captcha?.provider).toBe('turnstile');
  });

  it('refuses settings that could never work, naming where they are', () => {
    expect(resolve({ phone: { countries: ['US', 'XX'] } }).problems).toEqual([{ path: 'forms.trial.bots.phone.countries', message: '"XX" is not a country with phone numbers' }]);
    expect(resolve({ captcha: CAPTCHA }, undefined, { phoneCountry: 'US', allowedOrigins: [] }).problems).toEqual([
      { path: 'forms.trial.bots.captcha.hostnames', message: 'name the host names the CAPTCHA is solved on: the form has no allowed origins to take them from' },
    ]);
  });
});
