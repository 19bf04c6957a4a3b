import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import { describe, expect, it } from 'vitest';
import { createJunkCheck, type JunkSettings } from './junk.ts';

const ALL_ON: JunkSettings = { disposableEmail: true, linksInNames: true, sameValueEverywhere: true };
const FIELDS = [
  { name: 'first_name', type: 'text' },
  { name: 'last_name', type: 'text' },
  { name: 'email', type: 'email' },
  { name: 'phone', type: 'tel' },
  { name: 'city', type: 'text' },
  { name: 'goal', type: 'select' },
  { name: 'notes', type: 'textarea' },
] as const;
const form = (junk: Partial<JunkSettings> = {}) => ({ fields: FIELDS, junk: { ...ALL_ON, ...junk } });
const person = { first_name: 'Maria', last_name: "O'Brien-Smith", email: 'maria@example.com', phone: '+12015550123', city: 'Springfield' };

describe('junk checks', () => {
  const check = createJunkCheck();

  it('an ordinary lead is not junk', () => {
    expect(check(person, form())).toBeNull();
  });

  it('an email at a disposable domain, or a subdomain of one, is disposable_email', () => {
    for (const email of ['bot@mailinator.com', 'bot@yopmail.com', 'bot@inbox.mailinator.com', 'bot@a.b.guerrillamail.com', 'bot@mailinator.com.']) {
      expect(check({ ...person, email }, form()), email).toBe('disposable_email');
    }
  });

  it('common, privacy-relay and company addresses are not disposable', () => {
    for (const email of [
      'a@gmail.com',
      'a@outlook.com',
      'a@icloud.com',
      'a@privaterelay.appleid.com',
      'a@duck.com',
      'a@proton.me',
      'a@mozmail.com',
      'coach@acme-fitness.com',
      'a@xmailinator.com',
      'a@mailinator.com.example.org',
    ]) {
      expect(check({ ...person, email }, form()), email).toBeNull();
    }
  });

  it('reads the maintained list from its package: thousands of entries, no common provider', () => {
    const list = disposableEmailBlocklist();
    expect(list.length).toBeGreaterThan(5_000);
    for (const common of ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'icloud.com', 'aol.com']) expect(list).not.toContain(common);
  });

  it('a link or markup in a first or last name is links_in_name', () => {
    const names = ['http://spam.example', 'Visit HTTPS://x.y', 'www.cheap-pills', 'WWW.example.org', 'bit.ly/abc', 'best-deals.ru', 'Anna example.com', 'Bob <a href="x">', '</b>Bob', 'hxxp://evil'];
    for (const name of names) {
      expect(check({ ...person, first_name: name }, form()), name).toBe('links_in_name');
      expect(check({ ...person, last_name: name }, form()), name).toBe('links_in_name');
    }
  });

  it('real names of every shape are not links', () => {
    const names = [
      "O'Brien-Smith",
      'J.R.R.',
      'St. John',
      'Mary Ann',
      'Dr. Who',
      'Jean-Luc',
      'Zoë',
      'محمد عبد الله',
      'مهر\u200cنوش',
      'José María',
      'Nguyễn Văn A',
      '李小龙',
      'Ng',
      'D’Angelo',
      'Wwwilliam',
      'Li.Na',
    ];
    for (const name of names) expect(check({ ...person, first_name: name, last_name: name }, form()), name).toBeNull();
    // A link somewhere other than a name is not this rule's business.
    expect(check({ ...person, notes: 'see https://example.com/my-goals' }, form())).toBeNull();
  });

  it('the same value in every filled text field, at least three, is same_value_everywhere', () => {
    expect(check({ ...person, first_name: 'asdf', last_name: 'asdf', city: 'asdf' }, form())).toBe('same_value_everywhere');
    expect(check({ ...person, first_name: 'Test', last_name: 'test', city: ' TEST ', notes: 'test' }, form())).toBe('same_value_everywhere');
  });

  it('two equal names, or one field that differs, are not the same value everywhere', () => {
    expect(check({ first_name: 'Lee', last_name: 'Lee', email: 'lee@example.com' }, form())).toBeNull();
    expect(check({ ...person, first_name: 'asdf', last_name: 'asdf', city: 'Springfield' }, form())).toBeNull();
    // Only free-text fields count: the chosen option and the phone are not compared.
    expect(check({ first_name: 'strength', last_name: 'Jones', goal: 'strength' }, form())).toBeNull();
  });

  it('each rule can be turned off on its own', () => {
    expect(check({ ...person, email: 'bot@mailinator.com' }, form({ disposableEmail: false }))).toBeNull();
    expect(check({ ...person, first_name: 'www.x.ru' }, form({ linksInNames: false }))).toBeNull();
    expect(check({ ...person, first_name: 'x', last_name: 'x', city: 'x' }, form({ sameValueEverywhere: false }))).toBeNull();
    expect(check({ ...person, email: 'bot@mailinator.com', first_name: 'www.x.ru' }, form({ disposableEmail: false }))).toBe('links_in_name');
  });

  it('values of any shape are judged without throwing', () => {
    expect(check({}, form())).toBeNull();
    expect(check({ email: 42, first_name: null, last_name: ['www.x'], city: { a: 1 } }, form())).toBeNull();
    expect(check({ email: 'no-at-sign' }, form())).toBeNull();
  });
});
