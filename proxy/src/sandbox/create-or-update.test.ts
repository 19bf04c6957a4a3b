import { describe, expect, it } from 'vitest';
import { startTestSandbox } from './test-sandbox.ts';

const ada = { app_id: 'app-1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' };

describe('sandbox newContact create-or-update', () => {
  it('creates a contact and answers success with a 24-hex _id', async () => {
    const sandbox = await startTestSandbox();
    const answer = await sandbox.vendor('newContact', { ...ada, goal: 'strength' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'success', _id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const contacts = await sandbox.contacts();
    expect(contacts).toEqual([
      {
        ...ada,
        goal: 'strength',
        _id: (answer.json as { _id: string })._id,
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
        updated_at: expect.any(String),
      },
    ]);
  });

  it('resending the same body updates the one contact and keeps its _id', async () => {
    let clock = Date.parse('2025-01-01T10:00:00Z');
    const sandbox = await startTestSandbox({ now: () => new Date(clock) });
    const first = await sandbox.vendor('newContact', ada);
    clock += 60_000;
    const second = await sandbox.vendor('newContact', { ...ada, city: 'London' });
    expect(second.json).toEqual(first.json);
    const contacts = await sandbox.contacts();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      ...ada,
      city: 'London',
      created_at: '2025-01-01T10:00:00.000Z',
      updated_at: '2025-01-01T10:01:00.000Z',
    });
  });

  it('matches on email and first name ignoring case, and merges new fields', async () => {
    const sandbox = await startTestSandbox();
    const first = await sandbox.vendor('newContact', ada);
    const second = await sandbox.vendor('newContact', {
      app_id: 'app-1',
      first_name: 'ADA',
      last_name: 'Byron',
      email: 'Ada@Example.COM',
      phone: '+15551234567',
    });
    expect(second.json).toEqual(first.json);
    const contacts = await sandbox.contacts();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ first_name: 'ADA', last_name: 'Byron', phone: '+15551234567' });
  });

  it('matches on phone and first name when there is no email match', async () => {
    const sandbox = await startTestSandbox();
    const first = await sandbox.vendor('newContact', { app_id: 'app-1', first_name: 'Grace', last_name: 'Hopper', phone: '+15550001111' });
    const second = await sandbox.vendor('newContact', {
      app_id: 'app-1',
      first_name: 'grace',
      last_name: 'Hopper',
      phone: '+15550001111',
      email: 'grace@example.com',
    });
    expect(second.json).toEqual(first.json);
    expect(await sandbox.contacts()).toEqual([expect.objectContaining({ email: 'grace@example.com' })]);
  });

  it('matches on user_id even when email and name changed', async () => {
    const sandbox = await startTestSandbox();
    const first = await sandbox.vendor('newContact', { ...ada, user_id: 'u-42' });
    const second = await sandbox.vendor('newContact', {
      app_id: 'app-1',
      first_name: 'Augusta',
      last_name: 'King',
      email: 'augusta@example.com',
      user_id: 'u-42',
    });
    expect(second.json).toEqual(first.json);
    expect(await sandbox.contacts()).toEqual([expect.objectContaining({ first_name: 'Augusta', email: 'augusta@example.com' })]);
  });

  it('creates separate contacts when only the email or only the first name matches, or the app differs', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.vendor('newContact', ada);
    await sandbox.vendor('newContact', { ...ada, first_name: 'Annabella' });
    await sandbox.vendor('newContact', { ...ada, email: 'other@example.com' });
    await sandbox.vendor('newContact', { ...ada, app_id: 'app-2' });
    const contacts = await sandbox.contacts();
    expect(contacts).toHaveLength(4);
    expect(new Set(contacts.map((contact) => contact._id)).size).toBe(4);
  });

  it('answers 400 in the vendor shape and stores nothing when a required field is missing', async () => {
    const sandbox = await startTestSandbox();
    const { last_name: _omitted, ...withoutLastName } = ada;
    const answer = await sandbox.vendor('newContact', withoutLastName);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ status: 'error', message: expect.stringContaining('last_name') });
    expect(await sandbox.contacts()).toEqual([]);
  });

  it('answers 400 to a body that is not JSON, and still logs the call', async () => {
    const sandbox = await startTestSandbox();
    const answer = await sandbox.vendor('newContact', '{"app_id": ');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ status: 'error', message: 'Invalid JSON body' });
    expect(await sandbox.calls()).toEqual([expect.objectContaining({ endpoint: 'newContact', status: 400, body: null })]);
  });

  it('DELETE /_sandbox/contacts forgets contacts and the call log', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.vendor('newContact', ada);
    const cleared = await fetch(`${sandbox.url}/_sandbox/contacts`, { method: 'DELETE' });
    expect(cleared.status).toBe(200);
    expect(await sandbox.contacts()).toEqual([]);
    expect(await sandbox.calls()).toEqual([]);
  });
});

describe('sandbox optin and getCustomers', () => {
  it('optin answers success and records the request; missing user_id is a 400', async () => {
    const sandbox = await startTestSandbox();
    const optin = { app_id: 'app-1', phone: '+15551234567', email: 'ada@example.com', user_id: 'u-1' };
    expect(await sandbox.vendor('optin', optin)).toMatchObject({ status: 200, json: { status: 'success' } });
    expect(sandbox.state.optins()).toEqual([{ at: expect.any(String), body: optin }]);
    const { user_id: _omitted, ...withoutUserId } = optin;
    expect(await sandbox.vendor('optin', withoutUserId)).toMatchObject({ status: 400, json: { status: 'error' } });
    expect(sandbox.state.optins()).toHaveLength(1);
  });

  it('getCustomers lists the contacts of that app only, up to limit', async () => {
    const sandbox = await startTestSandbox();
    await sandbox.vendor('newContact', ada);
    await sandbox.vendor('newContact', { ...ada, first_name: 'Second', email: 'second@example.com' });
    await sandbox.vendor('newContact', { ...ada, app_id: 'app-2' });
    const all = await sandbox.vendor('getCustomers', { app_id: 'app-1' });
    expect(all.status).toBe(200);
    expect(all.json).toEqual({
      status: 'success',
      data: [expect.objectContaining({ first_name: 'Ada', app_id: 'app-1' }), expect.objectContaining({ first_name: 'Second' })],
    });
    const one = await sandbox.vendor('getCustomers', { app_id: 'app-1', limit: 1 });
    expect(one.json).toEqual({ status: 'success', data: [expect.objectContaining({ first_name: 'Ada' })] });
    expect(await sandbox.vendor('getCustomers', { app_id: 'nobody' })).toMatchObject({ status: 200, json: { status: 'success', data: [] } });
  });

  it('answers 404 in the vendor shape to an unknown endpoint, and logs it', async () => {
    const sandbox = await startTestSandbox();
    expect(await sandbox.vendor('deleteEverything', {})).toMatchObject({ status: 404, json: { status: 'error' } });
    expect(await sandbox.calls()).toEqual([expect.objectContaining({ endpoint: 'deleteEverything', status: 404 })]);
  });
});
