import type { FieldErrorCode, Messages, Submission } from '@gleantap-capture/shared';
import { checkValue, createCompactValidator } from '@gleantap-capture/shared/fields/compact-validator.ts';
import { Component, createRef, Fragment, h } from 'preact';
import { postSubmission, warn, warnOriginNotAllowed } from '../core/api-client.ts';
import { collectContext } from '../core/attribution.ts';
import type { Consent, Definition, Field } from '../core/definition.ts';
import type { EventHub, WidgetEventDetail, WidgetEventName } from '../core/events.ts';
import { newId } from '../core/ids.ts';
import { format } from '../core/messages.ts';
import { ConsentText } from './consent-text.tsx';
import { embedValue } from './field-values.ts';

export interface SignupFormProps {
  readonly definition: Definition;
  readonly formId: string;
  readonly endpoint: string;
  readonly hub: EventHub;
  /** The element events are dispatched on (the host the page knows). */
  readonly host: EventTarget;
  /** Values the embed gives hidden fields (`data-field-<name>`, `fields` in mount/open). */
  readonly given?: Readonly<Record<string, unknown>> | undefined;
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
  /** The page URL's query, read once: `prefill: "url"` fields start from it. */
  private readonly query = new URLSearchParams(location.search);
  /** The hidden fields' values, fixed when the form is made (see `embedValue`). */
  private readonly hidden: Record<string, unknown> = {};
  private focusInvalid = false;
  /** Set synchronously, so a second click in the same tick cannot start a second request. */
  private busy = false;
  /**
   * A button is being pressed. Judging the field that loses focus now would add or remove its
   * message and move the button before the press is released, so the click would miss it.
   */
  private pressing = false;

  constructor(props: SignupFormProps) {
    super(props);
    for (const field of props.definition.fields) {
      if (!field.hidden) continue;
      const value = embedValue(field, props.given?.[field.name] ?? (field.prefill ? this.query.get(field.name) : null));
      // The visitor cannot correct a value they never see: a bad one is the owner's to fix, and
      // is left out rather than block the form.
      const verdict = value === undefined ? 0 : checkValue(field, value);
      if (typeof verdict === 'string') warn(`ignored the value of hidden field "${field.name}" (${verdict})`);
      else if (verdict) this.hidden[field.name] = value;
    }
  }

  override componentDidUpdate(): void {
    if (this.focusInvalid) {
      this.focusInvalid = false;
      this.form.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
    }
    if (this.state.phase.kind === 'done' && this.thanks.current !== document.activeElement) this.thanks.current?.focus();
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

  /**
   * One field's answer as it stands in the form, in its JSON type (undefined when blank): a
   * checkbox's state, the ticked options of a group, a number, or the text.
   */
  private value({ name, type }: Field): unknown {
    if (name in this.hidden) return this.hidden[name];
    if (type === 'checkbox') return this.control(name)?.checked;
    if (type === 'radio' || type === 'multiselect') {
      const ticked = [...(this.form.current?.querySelectorAll<HTMLInputElement>(`[name=${name}]:checked`) ?? [])].map((input) => input.value);
      return type === 'radio' ? ticked[0] : ticked.length ? ticked : undefined;
    }
    const raw = this.control(name)?.value;
    return raw?.trim() ? (type === 'number' ? Number(raw) : raw) : undefined;
  }

  /** The non-blank answers as they stand in the form, hidden values included. */
  private filled(): Record<string, unknown> {
    const sent: Record<string, unknown> = {};
    for (const field of this.props.definition.fields) {
      const value = this.value(field);
      if (value !== undefined) sent[field.name] = value;
    }
    return sent;
  }

  /** The ticked consent boxes, each with the version of the text shown. */
  private granted(): NonNullable<Submission['consent']> {
    const consent: NonNullable<Submission['consent']> = {};
    for (const box of this.props.definition.consent) {
      if (this.control(`gleantap-consent-${box.kind}`)?.checked) consent[box.kind] = { granted: true, version: box.version };
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
    const { definition, endpoint, formId } = this.props;
    this.intentId ??= newId();
    const id = this.intentId;
    this.busy = true;
    this.setState({ phase: { kind: 'sending' } });
    this.emit('submit', { id });
    const result = await postSubmission(endpoint, formId, {
      id,
      fields: this.filled(),
      ...(definition.consent.length ? { consent: this.granted() } : {}),
      context: collectContext(location, document.referrer, definition.locale),
      ...(definition.token ? { token: definition.token } : {}),
      hp: this.honeypot.current?.value ?? '',
    });
    this.busy = false;
    switch (result.kind) {
      case 'accepted': {
        // Focus moves to the thanks (see componentDidUpdate), which announces it once;
        // the live region stays quiet so it is not read twice.
        this.setState({ phase: { kind: 'done', text: definition.success.message || messages.success } });
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

  override render({ definition }: SignupFormProps, { errors, phase, announcement }: State) {
    const { messages, heading, intro } = definition;
    const judge = (field: Field): FieldErrorCode | undefined => {
      const value = this.value(field);
      if (value === undefined || (typeof value === 'string' && !value.trim())) return field.required ? 'required' : undefined;
      const verdict = checkValue(field, value);
      return typeof verdict === 'string' ? verdict : undefined;
    };
    /** The error (and help) linked to a control: its attributes, and the texts to show below it. */
    const described = (key: string, id: string, help?: string) => {
      const code = errors[key];
      const text = code && (code === 'required' && key.startsWith('consent.') ? messages.consent_required : messages[code]);
      return {
        'aria-invalid': text ? ('true' as const) : undefined,
        'aria-describedby': [text && `${id}-e`, help && `${id}-h`].filter(Boolean).join(' ') || undefined,
        below: [
          help && (
            <p class="help" id={`${id}-h`} part="help">
              {help}
            </p>
          ),
          text && (
            <p class="error" id={`${id}-e`} part="error">
              {text}
            </p>
          ),
        ],
      };
    };
    const marker = (required: boolean) => (required ? <span class="req"> {messages.required_marker}</span> : null);

    const renderField = (field: Field) => {
      const { name, type, label, required, options = [], placeholder } = field;
      const id = `gc-${name}`;
      const { below, ...aria } = described(name, id, field.help);
      const initial = field.prefill ? this.query.get(name) : null;
      const props = {
        id,
        name,
        part: 'input',
        ...aria,
        onBlur: () => {
          if (this.pressing) this.pressing = false;
          else if (this.dirty.has(name)) this.setError(name, judge(field));
        },
        // Checkboxes and radios report a change; text reports input: either is an edit.
        [type === 'checkbox' || type === 'radio' || type === 'multiselect' ? 'onChange' : 'onInput']: () => {
          this.dirty.add(name);
          // A changed answer is a new intent: the next attempt gets a new id.
          this.intentId = null;
          if (errors[name]) this.setError(name, judge(field));
        },
      };
      const caption = (
        <>
          {label || name}
          {marker(required)}
        </>
      );
      if (type === 'checkbox') {
        return (
          <div class="check" part="field" key={name}>
            <input {...props} type="checkbox" aria-required={required || undefined} defaultChecked={initial === 'true'} />
            <label for={id} part="label">
              {caption}
            </label>
            {below}
          </div>
        );
      }
      if (type === 'radio' || type === 'multiselect') {
        // A group: the legend names it, each option is its own labelled input; the error and help
        // are linked from every input, so whichever one has focus announces them.
        const picked = type === 'radio' ? [initial] : this.query.getAll(name).flatMap((value) => value.split(','));
        return (
          <fieldset class="field" part="field" key={name} role={type === 'radio' ? 'radiogroup' : undefined} aria-required={(type === 'radio' && required) || undefined}>
            <legend part="label">{caption}</legend>
            {options.map((option, index) => (
              <label class="opt">
                <input {...props} id={index ? `${id}-${index}` : id} type={type === 'radio' ? 'radio' : 'checkbox'} value={option.value} defaultChecked={!!field.prefill && picked.includes(option.value)} />
                {option.label}
              </label>
            ))}
            {below}
          </fieldset>
        );
      }
      return (
        <div class="field" part="field" key={name}>
          <label for={id} part="label">
            {caption}
          </label>
          {type === 'select' || type === 'location' ? (
            <select {...props} aria-required={required || undefined}>
              <option value="">—</option>
              {options.map((option) => (
                <option value={option.value} selected={option.value === initial}>
                  {option.label}
                </option>
              ))}
            </select>
          ) : type === 'textarea' ? (
            <textarea {...props} aria-required={required || undefined} maxLength={field.maxLength} autocomplete={field.autocomplete} placeholder={placeholder} defaultValue={initial ?? undefined} />
          ) : (
            <input
              {...props}
              aria-required={required || undefined}
              type={type}
              maxLength={type === 'number' ? undefined : field.maxLength}
              min={field.min}
              max={field.max}
              step={field.step}
              autocomplete={field.autocomplete}
              inputMode={field.inputmode as 'text'}
              placeholder={placeholder}
              defaultValue={initial ?? undefined}
            />
          )}
          {below}
        </div>
      );
    };

    const renderConsent = (box: Consent) => {
      const id = `gc-consent-${box.kind}`;
      const { below, ...aria } = described(`consent.${box.kind}`, id);
      return (
        <div class="check consent" part="consent" key={box.kind}>
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
            <ConsentText text={box.text} />
            {marker(box.required)}
          </label>
          {below}
        </div>
      );
    };

    const live = (
      <div class="sr" role="status" part="status">
        {announcement[0]}
        {announcement[1] % 2 ? '\u00a0' : ''}
      </div>
    );
    // The heading names the form (and the popup); an h2, as a form usually sits under the page's h1.
    const top = [
      heading && (
        <h2 id="gc-h" part="heading">
          {heading}
        </h2>
      ),
      intro && (
        <p class="intro" part="intro">
          {intro}
        </p>
      ),
    ];
    if (phase.kind === 'done') {
      return (
        <div class="gc">
          {top[0]}
          <p class="success" part="success" role="status" tabIndex={-1} ref={this.thanks}>
            {phase.text}
          </p>
        </div>
      );
    }
    const sending = phase.kind === 'sending';
    return (
      <div class="gc">
        {top}
        <form
          part="form"
          noValidate
          aria-labelledby={heading ? 'gc-h' : undefined}
          onSubmit={(event) => this.submit(event, messages)}
          onPointerDown={(event) => (this.pressing = (event.target as Element).localName === 'button')}
          ref={this.form}
          aria-busy={sending || undefined}
        >
          {definition.fields.filter((field) => !field.hidden).map(renderField)}
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
            {sending ? messages.sending : definition.submitLabel || messages.submit}
          </button>
        </form>
        {live}
      </div>
    );
  }
}
