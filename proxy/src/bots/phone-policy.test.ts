import { describe, expect, it } from 'vitest';
import { checkPhone, resolvePhonePolicy } from './phone-policy.ts';

// Numbers libphonenumber's own metadata lists as examples of each type, or in assigned ranges.
const US_MOBILE = '+12015550123';
const US_PREMIUM = '+19005551234';
const IT_PREMIUM = '+39899123456';
const NG_MOBILE = '+2348031234567';
const CA_NUMBER = '+16135550123';
const JM_MOBILE = '+18765551234';
const FR_PREMIUM = '+33899123456';
const US_TOLL_FREE = '+18008675309';
const GB_PREMIUM = '+448712345678';
const SATELLITE = '+881612345678';

describe('phone policy of a US form with the default settings', () => {
  const policy = resolvePhonePolicy(undefined, 'US');

  it('accepts an ordinary US number', () => {
    expect(checkPhone(US_MOBILE, policy)).toEqual({ ok: true, country: 'US', type: 'fixed-line-or-mobile' });
  });

  it('refuses the numbers that triggered SMS pumping: +1 900, +39 899 and +234', () => {
    expect(checkPhone(US_PREMIUM, policy)).toEqual({ ok: false, reason: 'premium_rate' });
    expect(checkPhone(IT_PREMIUM, policy)).toEqual({ ok: false, reason: 'country_not_allowed' });
    expect(checkPhone(NG_MOBILE, policy)).toEqual({ ok: false, reason: 'country_not_allowed' });
  });

  it('tells countries apart inside one calling code', () => {
    expect(checkPhone(CA_NUMBER, policy)).toEqual({ ok: false, reason: 'country_not_allowed' });
    expect(checkPhone(JM_MOBILE, policy)).toEqual({ ok: false, reason: 'country_not_allowed' });
  });

  it('keeps toll-free and refuses numbers of no country', () => {
    expect(checkPhone(US_TOLL_FREE, policy)).toMatchObject({ ok: true, type: 'toll-free' });
    expect(checkPhone(SATELLITE, policy)).toEqual({ ok: false, reason: 'country_not_allowed' });
  });

  it('refuses what is not a valid number, whatever it is given', () => {
    for (const value of ['', '2015550123', '+1', '+1201555012', '+999123456789', 'not a number', '+1'.padEnd(300, '5')]) {
      expect(checkPhone(value, policy), value).toEqual({ ok: false, reason: 'invalid_number' });
    }
  });
});

describe('a country allow-list', () => {
  it('accepts its countries and refuses their premium-rate numbers by type', () => {
    const policy = resolvePhonePolicy({ countries: ['US', 'CA', 'IT', 'FR', 'GB'] }, 'US');
    expect(checkPhone(CA_NUMBER, policy)).toMatchObject({ ok: true, country: 'CA' });
    expect(checkPhone(IT_PREMIUM, policy)).toEqual({ ok: false, reason: 'premium_rate' });
    // Only the full metadata tells a French premium-rate number; the default metadata says nothing.
    expect(checkPhone(FR_PREMIUM, policy)).toEqual({ ok: false, reason: 'premium_rate' });
    expect(checkPhone(GB_PREMIUM, policy)).toEqual({ ok: false, reason: 'premium_rate' });
    expect(checkPhone(NG_MOBILE, policy)).toEqual({ ok: false, reason: 'country_not_allowed' });
  });

  it('replaces the form country rather than adding to it', () => {
    const policy = resolvePhonePolicy({ countries: ['NG'] }, 'US');
    expect(checkPhone(NG_MOBILE, policy)).toEqual({ ok: true, country: 'NG', type: 'mobile' });
    expect(checkPhone(US_MOBILE, policy)).toEqual({ ok: false, reason: 'country_not_allowed' });
  });

  it('refuses the types it lists and none other', () => {
    expect(checkPhone(US_PREMIUM, resolvePhonePolicy({ refuseTypes: [] }, 'US'))).toMatchObject({ ok: true, type: 'premium-rate' });
    expect(checkPhone(US_TOLL_FREE, resolvePhonePolicy({ refuseTypes: ['toll-free'] }, 'US'))).toEqual({ ok: false, reason: 'toll_free' });
  });
});
