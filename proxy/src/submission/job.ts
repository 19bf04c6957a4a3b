import type { FieldValue, NewContactBody, OptinBody, SubmissionContext } from '@gleantap-capture/shared';
import type { JunkReason } from '../bots/junk.ts';
import type { AccountRef } from '../config/config.ts';

/**
 * What a valid submission's newContact body is built from: its validated, normalised fields,
 * the consent granted and the context. Kept only when building the body failed, so the owner
 * can fix the config and `outbox retry` the lead (the body is then built anew from this).
 */
export interface ContactDraft {
  readonly values: Readonly<Record<string, FieldValue>>;
  readonly consent: Readonly<Partial<Record<'email' | 'sms', { readonly version: string }>>>;
  readonly context: SubmissionContext | undefined;
  /** Epoch ms the submission was accepted; consent is stamped with it. */
  readonly acceptedAt: number;
}

/** A submission that passed every check, as it is stored: decided in full at acceptance. */
export interface DeliveryJob {
  readonly submissionId: string;
  readonly formId: string;
  /** Hash of the normalised fields and consent (see fingerprint.ts): what a replay must match. */
  readonly fingerprint: string;
  /** The newContact body; absent only for a dropped submission whose fields did not validate. */
  readonly contact: NewContactBody | undefined;
  /** The double-opt-in call, made once after the contact exists, where the form asks for it. */
  readonly optin: OptinBody | undefined;
  /** Whose keys deliver it; only the variable names are stored, values are looked up at delivery. */
  readonly account: AccountRef;
  /** Bot-flagged (honeypot or a junk check): stored `dropped` and answered like any lead, never sent. */
  readonly dropped: boolean;
  /** The junk check that dropped it; undefined for the honeypot (and for a lead not dropped). */
  readonly dropReason?: JunkReason | undefined;
  /** The form token's nonce to spend, or `replay_only` (see AdmitInput.token). */
  readonly token: { readonly nonce: string; readonly issuedAt: number } | 'replay_only';
  /**
   * Set when the fields were valid but the newContact (or optin) body could not be built: the
   * lead is stored `dead` (`invalid_contact`) with its draft and answered 202, never lost.
   */
  readonly invalid?: { readonly problem: string; readonly draft: ContactDraft } | undefined;
}
