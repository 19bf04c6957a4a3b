import type { NewContactBody, OptinBody } from '@gleantap-capture/shared';
import type { ResolvedForm } from '../config/config.ts';

/**
 * The optin call for a form in SMS `double-optin` mode whose visitor ticked the SMS box,
 * built from the stored contact (docs/contract.md §5). Config guarantees such a form requires email
 * and phone and names a userId; a contact missing any of them gets no optin call.
 */
export function buildOptin(form: ResolvedForm, contact: NewContactBody, smsGranted: boolean): OptinBody | undefined {
  if (form.smsMode !== 'double-optin' || !smsGranted) return undefined;
  const { app_id, email, phone, user_id, dob } = contact;
  if (email === undefined || phone === undefined || user_id === undefined) return undefined;
  return { app_id, email, phone, user_id, ...(dob === undefined ? {} : { dob }) };
}
