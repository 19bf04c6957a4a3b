import type { DefinitionConsent, DefinitionField, FieldErrorCode, Messages, PublicFormDefinition, Submission } from '@gleantap-capture/shared';
import { checkValue, createCompactValidator } from '@gleantap-capture/shared/fields/compact-validator.ts';
import { Component, createRef, h } from 'preact';
import { postSubmission, warnOriginNotAllowed } from '../core/api-client.ts';
import { collectContext } from '../core/attribution.ts';
import type { EventHub, WidgetEventDetail, WidgetEventName } from '../core/events.ts';
import { newId } from '../core/ids.ts';
import { format, pick } from '../core/messages.ts';
import { ConsentText } from './consent-text.tsx';

export interface SignupFormProps {
  readonly definition: PublicFormDefinition;
  readonly formId: string;
  readonly endpoint: string;
  readonly locale: string;
  readonly hub: EventHub;
  /** The element events are dispatched on (the host the page knows). */
  readonly host: EventTarget;
}

/** What the visitor sees below the fields: nothing, a problem (maybe with a retry), or the thanks. */
type Phase = { kind: 'editing' | 'sending' } | { kind: 'notice'; text: string; retry: boolean } | { kind: 'done'; text: string };

interface State {
  errors: Record<string, FieldErrorCode>;
  phase: Phase;
  /** The live region's text and how many times it was set (see `announce`). */
  announcement: [string, number];
}

/**
 * The signup form: validation on blur and submit, one id per intent, every outcome announced.
 * A class component, because Preact's hooks would cost the script tag a kilobyte it cannot spare.
 * Inputs are uncontrolled: what is in the DOM when the visitor submits is what is sent, even
 * if a browser's autofill changed it without an input event.
 */
export class SignupForm extends Component<SignupFormProps, State> {
  override state: State = { errors: {}, phase: { kind: 'editing' }, announcement: ['', 0] };
  /** The id of the current intent; cleared whenever the visitor changes an answer. */
  private intentId: string | null = null;
  private readonly dirty = new Set<string>();
  private readonly honeypot = createRef<HTMLInputElement>();
  private readonly form = createRef<HTMLFormElement>();
  private readonly thanks = createRef<HTMLParagraphElement>();
  private focusInvalid = false;
  /** Set synchronously, so a second click in the same tick cannot start a second request. */
  private busy = false;
  /**
   * A button is being pressed. Judging the field that loses focus now would add or remove its
   * message and move the button before the press is released, so the click would miss it.
   */
  private pressing = false;

  override componentDidUpdate(): void {
    if (this.focusInvalid) {
      this.focusInvalid = false;
      this.form.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
    }
    if (this.state.phase.kind === 'done' && this.thanks.current !== document.activeElement) this.thanks.current?.focus();
  }

  private get fallback(): string {
    return this.props.definition.locales[0] ?? 'en';
  }

  private text(value: PublicFormDefinition['submitLabel']): string {
    return pick(value, this.props.locale, this.fallback);
  }

  // Screen readers speak a live region only when its text changes; the alternating
  // no-break space makes the same message count as new on every failed attempt.
  private announce(text: string): void {
    this.setState(({ announcement }) => ({ announcement: [text, announcement[1] + 1] }));
  }

  private emit(name: WidgetEventName, detail: Omit<WidgetEventDetail, 'form'>): void {
    this.props.hub.emit(this.props.host, name, { form: this.props.formId, ...detail });
  }

  private setError(name: string, code?: FieldErrorCode): void {
    this.setState(({ errors }) => {
      const { [name]: _, ...rest } = errors;
      return { errors: code ? { ...rest, [name]: code } : rest };
    });
  }

  private control(name: string): HTMLInputElement | undefined {
    return (this.form.current?.elements.namedItem(name) as HTMLInputElement | null) ?? undefined;
  }

  /** The non-blank answers as they stand in the form. */
  private filled(): Record<string, string> {
    const sent: Record<string, string> = {};
    for (const { name } of this.props.definition.fields) {
      const value = this.control(name)?.value;
      if (value?.trim()) sent[name] = value;
    }
    return sent;
  }

  /** The ticked consent boxes, each with the version of the text shown. */
  private granted(): NonNullable<Submission['consent']> {
    const consent: NonNullable<Submission['consent']> = {};
    for (const box of this.props.definition.consent) {
      if (this.control(`gleantap-consent-${box.kind}`)?.checked) consent[box.kind] = { granted: true, version: box.version[this.props.locale] ?? box.version[this.fallback] ?? '' };
    }
    return consent;
  }

  private showErrors(found: Record<string, FieldErrorCode>, messages: Messages): void {
    const count = Object.keys(found).length;
    // These verdicts stand until the visitor changes a value: a blur alone must not replace
    // the proxy's judgement with the browser's looser one.
    this.dirty.clear();
    this.focusInvalid = true;
    this.setState({ errors: found, phase: { kind: 'editing' } });
    this.announce(count === 1 ? messages.error_summary_one : format(messages.error_summary_other, { count }));
    this.emit('error', { error_code: 'invalid_fields' });
  }

  private fail(id: string, code: string, text: string, retry: boolean): void {
    this.setState({ phase: { kind: 'notice', text, retry } });
    this.emit('error', { id, error_code: code });
  }

  private async send(messages: Messages): Promise<void> {
    const { definition, endpoint, formId, locale } = this.props;
    this.intentId ??= newId();
    const id = this.intentId;
    this.busy = true;
    this.setState({ phase: { kind: 'sending' } });
    this.emit('submit', { id });
    const result = await postSubmission(endpoint, formId, {
      id,
      fields: this.filled(),
      ...(definition.consent.length ? { consent: this.granted() } : {}),
      context: collectContext(location, document.referrer, locale),
      ...(definition.token ? { token: definition.token } : {}),
      hp: this.honeypot.current?.value ?? '',
    });
    this.busy = false;
    switch (result.kind) {
      case 'accepted': {
        const text = this.text(definition.success.message) || messages.success;
        // Focus moves to the thanks (see componentDidUpdate), which announces it once;
        // the live region stays quiet so it is not read twice.
        this.setState({ phase: { kind: 'done', text } });
        this.emit('success', { id, status: result.status });
        const redirect = definition.success.redirectUrl;
        if (redirect?.startsWith('https://')) location.assign(redirect);
        return;
      }
      case 'invalid_fields':
        return this.showErrors(result.fields as Record<string, FieldErrorCode>, messages);
      case 'rate_limited':
        return this.fail(id, 'rate_limited', format(messages.rate_limited, { seconds: result.seconds }), false);
      case 'origin_not_allowed':
        warnOriginNotAllowed(formId);
        return this.fail(id, 'origin_not_allowed', messages.origin_not_allowed, false);
      case 'retry':
        // Only a request that never got an answer may blame the connection; any answer from the
        // server that a retry may fix is the site's problem.
        return this.fail(id, result.code, result.code === 'network_error' ? messages.network_error : messages.unavailable, true);
      default:
        // The same request cannot succeed: the next attempt is a new intent.
        this.intentId = null;
        return this.fail(id, result.code, messages.generic_error, false);
    }
  }

  private submit(event: Event, messages: Messages): void {
    event.preventDefault();
    if (this.busy) return;
    const { fields, consent } = this.props.definition;
    const verdict = createCompactValidator(fields, consent).validate(this.filled(), this.granted());
    if (!verdict.ok) return this.showErrors(verdict.fields as Record<string, FieldErrorCode>, messages);
    this.setState({ errors: {} });
    void this.send(messages);
  }

  override render({ definition, locale }: SignupFormProps, { errors, phase, announcement }: State) {
    const messages = definition.messages[locale] as Messages;
    const judge = (field: DefinitionField, raw: string): FieldErrorCode | undefined => {
      if (!raw.trim()) return field.required ? 'required' : undefined;
      const verdict = checkValue(field, raw);
      return typeof verdict === 'string' ? verdict : undefined;
    };
    const described = (key: string, id: string) => {
      const code = errors[key];
      const text = code && (code === 'required' && key.startsWith('consent.') ? messages.consent_required : messages[code]);
      return {
        'aria-invalid': text ? ('true' as const) : undefined,
        'aria-describedby': text ? `${id}-e` : undefined,
        error: text ? (
          <p class="error" id={`${id}-e`} part="error">
            {text}
          </p>
        ) : null,
      };
    };
    const marker = (required: boolean) => (required ? <span class="req"> {messages.required_marker}</span> : null);

    const renderField = (field: DefinitionField) => {
      const id = `gc-${field.name}`;
      const { error, ...aria } = described(field.name, id);
      const inputValue = (event: Event) => (event.currentTarget as HTMLInputElement).value;
      const props = {
        id,
        name: field.name,
        part: 'input',
        'aria-required': field.required || undefined,
        ...aria,
        onBlur: (event: Event) => {
          if (this.pressing) this.pressing = false;
          else if (this.dirty.has(field.name)) this.setError(field.name, judge(field, inputValue(event)));
        },
        onInput: (event: Event) => {
          const next = inputValue(event);
          this.dirty.add(field.name);
          // A changed answer is a new intent: the next attempt gets a new id.
          this.intentId = null;
          if (errors[field.name]) this.setError(field.name, judge(field, next));
        },
      };
      return (
        <div class="field" part="field" key={field.name}>
          <label for={id} part="label">
            {this.text(field.label) || field.name}
            {marker(field.required)}
          </label>
          {field.type === 'select' ? (
            <select {...props}>
              <option value="">—</option>
              {field.options?.map((option) => (
                <option value={option}>{option}</option>
              ))}
            </select>
          ) : field.type === 'textarea' ? (
            <textarea {...props} maxLength={field.maxLength} autocomplete={field.autocomplete} />
          ) : (
            <input {...props} type={field.type} maxLength={field.maxLength} autocomplete={field.autocomplete} inputMode={field.inputmode as 'text'} />
          )}
          {error}
        </div>
      );
    };

    const renderConsent = (box: DefinitionConsent) => {
      const id = `gc-consent-${box.kind}`;
      const { error, ...aria } = described(`consent.${box.kind}`, id);
      return (
        <div class="consent" part="consent" key={box.kind}>
          <input
            type="checkbox"
            id={id}
            name={`gleantap-consent-${box.kind}`}
            aria-required={box.required || undefined}
            {...aria}
            onChange={(event) => {
              this.intentId = null;
              if ((event.currentTarget as HTMLInputElement).checked) this.setError(`consent.${box.kind}`);
            }}
          />
          <label for={id} part="label">
            <ConsentText text={this.text(box.text)} />
            {marker(box.required)}
          </label>
          {error}
        </div>
      );
    };

    const live = (
      <div class="sr" role="status" part="status">
        {announcement[0]}
        {announcement[1] % 2 ? '\u00a0' : ''}
      </div>
    );
    if (phase.kind === 'done') {
      return (
        <div class="gc">
          <p class="success" part="success" role="status" tabIndex={-1} ref={this.thanks}>
            {phase.text}
          </p>
        </div>
      );
    }
    const sending = phase.kind === 'sending';
    return (
      <div class="gc">
        <form
          part="form"
          noValidate
          onSubmit={(event) => this.submit(event, messages)}
          onPointerDown={(event) => (this.pressing = (event.target as Element).localName === 'button')}
          ref={this.form}
          aria-busy={sending || undefined}
        >
          {definition.fields.map(renderField)}
          {definition.consent.map(renderConsent)}
          {/* The widget's own inputs are named with a hyphen, which no field name can contain, so a
              custom field called `website` or `consent_sms` never collides with them. */}
          <div class="hp" aria-hidden="true">
            <label>
              Website <input ref={this.honeypot} name="gleantap-hp" tabIndex={-1} autocomplete="off" />
            </label>
          </div>
          {phase.kind === 'notice' && (
            <div class="notice" role="alert" part="notice">
              <p class="error">{phase.text}</p>
              {phase.retry && (
                <button type="button" part="retry" onClick={() => this.busy || void this.send(messages)}>
                  {messages.retry}
                </button>
              )}
            </div>
          )}
          <button type="submit" part="button" disabled={sending}>
            {sending ? messages.sending : this.text(definition.submitLabel) || messages.submit}
          </button>
        </form>
        {live}
      </div>
    );
  }
}
