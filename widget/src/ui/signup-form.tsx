import type { FieldErrorCode, Messages, Submission } from '@gleantap-capture/shared';
import { createCompactValidator } from '@gleantap-capture/shared/fields/compact-validator.ts';
import { Component, createRef, h } from 'preact';
import { fetchDefinition, postSubmission, warnOriginNotAllowed } from '../core/api-client.ts';
import { collectContext } from '../core/attribution.ts';
import type { Consent, Definition, Field } from '../core/definition.ts';
import type { EventHub, WidgetEventDetail, WidgetEventName } from '../core/events.ts';
import { newId } from '../core/ids.ts';
import { ConsentText } from './consent-text.tsx';

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

/** What the provider's script defines as a global of its own name (`turnstile`, `hcaptcha`). */
interface CaptchaApi {
  render(box: Element, options: object): string;
  reset(widgetId: string): void;
}

function captchaApi(provider: string): CaptchaApi | undefined {
  return (window as unknown as Record<string, CaptchaApi | undefined>)[provider];
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
  #intentId: string | null = null;
  readonly #dirty = new Set<string>();
  readonly #honeypot = createRef<HTMLInputElement>();
  readonly #form = createRef<HTMLFormElement>();
  /** The page URL's query, read once: `prefill: "url"` fields start from it. */
  readonly #query = new URLSearchParams(location.search);
  /** Set synchronously, so a second click in the same tick cannot start a second request. */
  #busy = false;
  /** The form token and when it arrived (this form is built as soon as the definition is in). */
  #token = [this.props.definition.token, Date.now()] as const;
  /** The CAPTCHA provider's response once the visitor solved it. */
  #captcha?: string;
  /** The provider's id of the rendered challenge, for resetting it. */
  #captchaWidget?: string;
  /**
   * A button is being pressed. Judging the field that loses focus now would add or remove its
   * message and move the button before the press is released, so the click would miss it.
   */
  #pressing = false;

  // `prefill: "url"`: a field starts from the page URL's parameter of the same name: the text,
  // the option of a select, or the ticked radio or box with that value (a checkbox's is "on").
  // A hidden field has no control: its value is read at submit.
  override componentDidMount(): void {
    const { captcha } = this.props.definition;
    // The provider's script only for a form that uses one. Its challenge renders into a light-DOM
    // element of the host, shown through a <slot>: the providers look their container up in the
    // document, which cannot see into our shadow root.
    if (captcha) {
      const box = document.createElement('div');
      const script = document.createElement('script');
      box.slot = 'captcha';
      (this.props.host as Element).append(box);
      script.src = `https://${captcha.provider === 'turnstile' ? 'challenges.cloudflare.com/turnstile/v0' : 'js.hcaptcha.com/1'}/api.js?render=explicit`;
      script.onload = () => {
        this.#captchaWidget = captchaApi(captcha.provider)?.render(box, {
          sitekey: captcha.siteKey,
          callback: (response: string) => (this.#captcha = response),
        });
      };
      document.head.append(script);
    }
    for (const { name, prefill } of this.props.definition.fields) {
      const value = this.#query.get(name);
      if (prefill && value != null) {
        for (const control of this.#controls(name)) {
          if (control.type === 'radio' || control.type === 'checkbox') control.checked = control.value === value;
          else control.value = value;
        }
      }
    }
  }

  // Screen readers speak a live region only when its text changes; the alternating
  // no-break space makes the same message count as new on every failed attempt.
  #announce(text: string): void {
    this.setState(({ announcement }) => ({ announcement: [text, announcement[1] + 1] }));
  }

  #emit(name: WidgetEventName, detail: Omit<WidgetEventDetail, 'form'>): void {
    this.props.hub.emit(this.props.host, name, { form: this.props.formId, ...detail });
  }

  #setError(name: string, code?: FieldErrorCode): void {
    this.setState(({ errors }) => {
      const { [name]: _, ...rest } = errors;
      return { errors: code ? { ...rest, [name]: code } : rest };
    });
  }

  #control(name: string): HTMLInputElement | undefined {
    return (this.#form.current?.elements.namedItem(name) as HTMLInputElement | null) ?? undefined;
  }

  /** Every control of a field: one input or select, or a group's inputs. */
  #controls(name: string): HTMLInputElement[] {
    return [...(this.#form.current?.querySelectorAll<HTMLInputElement>(`[name=${name}]`) ?? [])];
  }

  /**
   * One field's answer as it stands in the form, in its JSON type (undefined when blank): a
   * checkbox's state, the ticked options of a group, a number, or the text.
   */
  #value(field: Field): unknown {
    const { name, type } = field;
    // From the embed, else (prefill) the URL; judged at submit like any other answer.
    if (field.hidden) return this.props.given?.[name] ?? ((field.prefill && this.#query.get(name)) || undefined);
    if (type === 'checkbox') return this.#control(name)?.checked;
    if (type === 'radio' || type === 'multiselect') {
      const ticked = this.#controls(name)
        .filter((input) => input.checked)
        .map((input) => input.value);
      return type === 'radio' ? ticked[0] : ticked.length ? ticked : undefined;
    }
    const raw = this.#control(name)?.value;
    return raw?.trim() ? (type === 'number' ? +raw : raw) : undefined;
  }

  /** The non-blank answers as they stand in the form, hidden values included. */
  #filled(): Record<string, unknown> {
    const sent: Record<string, unknown> = {};
    for (const field of this.props.definition.fields) {
      const value = this.#value(field);
      if (value !== undefined) sent[field.name] = value;
    }
    return sent;
  }

  /** The ticked consent boxes, each with the version of the text shown. */
  #granted(): NonNullable<Submission['consent']> {
    const consent: NonNullable<Submission['consent']> = {};
    for (const box of this.props.definition.consent) {
      if (this.#control(`gleantap-consent-${box.kind}`)?.checked) consent[box.kind] = { granted: true, version: box.version };
    }
    return consent;
  }

  #showErrors(found: Record<string, FieldErrorCode>, messages: Messages): void {
    const count = Object.keys(found).length;
    // These verdicts stand until the visitor changes a value: a blur alone must not replace
    // the proxy's judgement with the browser's looser one.
    this.#dirty.clear();
    // Once the messages are on screen, focus goes to the first field they mark.
    this.setState({ errors: found, phase: { kind: 'editing' } }, () => this.#form.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus());
    this.#announce(count === 1 ? messages.error_summary_one : messages.error_summary_other.replace('{count}', `${count}`));
    this.#emit('error', { error_code: 'invalid_fields' });
  }

  #fail(id: string, code: string, text: string, retry: boolean): void {
    this.setState({ phase: { kind: 'notice', text, retry } });
    this.#emit('error', { id, error_code: code });
  }

  async #send(messages: Messages): Promise<void> {
    const { definition, formId } = this.props;
    this.#intentId ??= newId();
    const id = this.#intentId;
    this.#busy = true;
    this.setState({ phase: { kind: 'sending' } });
    this.#emit('submit', { id });
    const body = {
      id,
      fields: this.#filled(),
      // JSON leaves out an undefined member: no consent without boxes, no token or CAPTCHA without one.
      consent: definition.consent.length ? this.#granted() : undefined,
      context: collectContext(location, document.referrer, definition.locale),
      hp: this.#honeypot.current?.value ?? '',
    };
    // One retry with a fresh token, same id: the page may have been open past the token's age.
    let result = await this.#post(body, false);
    if (result.kind === 'failed' && result.code === 'invalid_token') result = await this.#post(body, true);
    this.#busy = false;
    // A CAPTCHA response is good for one verification, and the proxy may have spent it on this
    // attempt (it checks the CAPTCHA after the fields, and before storing): the next attempt
    // needs a fresh challenge, or the visitor could never get through.
    if (result.kind === 'retry' || result.kind === 'failed') this.#resetCaptcha();
    switch (result.kind) {
      case 'accepted': {
        // Focus moves to the thanks (its ref focuses it), which announces it once;
        // the live region stays quiet so it is not read twice.
        this.setState({ phase: { kind: 'done', text: definition.success.message } });
        this.#emit('success', { id, status: result.status });
        // Only ever https: check-definition refused anything else before the form was shown.
        const redirect = definition.success.redirectUrl;
        if (redirect) location.assign(redirect);
        return;
      }
      case 'invalid_fields':
        return this.#showErrors(result.fields as Record<string, FieldErrorCode>, messages);
      case 'rate_limited':
        return this.#fail(id, 'rate_limited', messages.rate_limited.replace('{seconds}', `${result.seconds}`), false);
      case 'origin_not_allowed':
        warnOriginNotAllowed(formId);
        return this.#fail(id, 'origin_not_allowed', messages.origin_not_allowed, false);
      case 'retry':
        // Only a request that never got an answer may blame the connection; any answer from the
        // server that a retry may fix is the site's problem.
        return this.#fail(id, result.code, result.code === 'network_error' ? messages.network_error : messages.unavailable, true);
      default:
        // The same request cannot succeed: the next attempt is a new intent.
        this.#intentId = null;
        return this.#fail(id, result.code, messages.generic_error, false);
    }
  }

  #resetCaptcha(): void {
    const provider = this.props.definition.captcha?.provider;
    if (provider === undefined || this.#captchaWidget === undefined) return;
    this.#captcha = undefined;
    captchaApi(provider)?.reset(this.#captchaWidget);
  }

  /**
   * Sends with a token old enough and not too old: a token past its maximum age (or refused) is
   * fetched afresh, then the minimum age is waited out here, so the visitor never sees a refusal.
   */
  async #post(body: Submission, renew: boolean) {
    const { definition, endpoint, formId } = this.props;
    const { min, max } = definition.tokenAge ?? { min: 0, max: 1e15 };
    if (renew || Date.now() - this.#token[1] > max) {
      // A refused definition is a string, whose `token` is undefined: the old token is kept.
      const next = (await fetchDefinition(endpoint, formId, [definition.locale])) as Definition;
      if (next.token) this.#token = [next.token, Date.now()];
    }
    await new Promise((resolve) => setTimeout(resolve, min - Date.now() + this.#token[1]));
    return postSubmission(endpoint, formId, { ...body, token: this.#token[0], captcha: this.#captcha });
  }

  #submit(event: Event, messages: Messages): void {
    event.preventDefault();
    if (this.#busy) return;
    const { fields, consent } = this.props.definition;
    const verdict = createCompactValidator(fields, consent).validate(this.#filled(), this.#granted());
    if (!verdict.ok) return this.#showErrors(verdict.fields as Record<string, FieldErrorCode>, messages);
    this.setState({ errors: {} });
    void this.#send(messages);
  }

  override render({ definition }: SignupFormProps, { errors, phase, announcement }: State) {
    const { messages, heading, intro } = definition;
    // One field through the same validator as the whole form at submit.
    const judge = (field: Field): FieldErrorCode | undefined => {
      const verdict = createCompactValidator([field], []).validate({ [field.name]: this.#value(field) }, undefined);
      return verdict.ok ? undefined : verdict.fields[field.name];
    };
    /** The error (and help) linked to a control: its attributes, and the texts to show below it. */
    const described = (key: string, id: string, help?: string) => {
      const code = errors[key];
      // A number's `invalid_value` is a range or step, not a character, problem.
      const text =
        code &&
        (code === 'required' && key.startsWith('consent.')
          ? messages.consent_required
          : code === 'invalid_value' && definition.fields.some((field) => field.name === key && field.type === 'number')
            ? messages.invalid_number
            : messages[code]);
      return {
        'aria-invalid': text ? ('true' as const) : undefined,
        'aria-describedby': [text && `${id}-e`, help && `${id}-h`].join(' ').trim() || undefined,
        below: [
          help && (
            <p id={`${id}-h`} part="help">
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
      const props = {
        id,
        name,
        part: 'input',
        ...aria,
        onBlur: () => {
          if (this.#pressing) this.#pressing = false;
          else if (this.#dirty.has(name)) this.#setError(name, judge(field));
        },
        // Ticking a box or a radio fires `input` too, so one handler sees every edit.
        onInput: () => {
          this.#dirty.add(name);
          // A changed answer is a new intent: the next attempt gets a new id.
          this.#intentId = null;
          if (errors[name]) this.#setError(name, judge(field));
        },
      };
      // A lone control says it is required; a group's inputs do not (a radio cannot be required).
      const single = { ...props, 'aria-required': required || undefined };
      const caption = [label, marker(required)];
      if (type === 'checkbox') {
        return (
          <div class="check" part="field">
            <input {...single} type="checkbox" />
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
        return (
          <fieldset class="field" part="field">
            <legend part="label">{caption}</legend>
            {options.map((option) => (
              <label class="opt">
                {/* Each option's label wraps it; the group's id is not repeated. */}
                <input {...props} id={undefined} type={type === 'radio' ? type : 'checkbox'} value={option.value} />
                {option.label}
              </label>
            ))}
            {below}
          </fieldset>
        );
      }
      return (
        <div class="field" part="field">
          <label for={id} part="label">
            {caption}
          </label>
          {type === 'select' || type === 'location' ? (
            <select {...single}>
              <option value="">—</option>
              {options.map((option) => (
                <option value={option.value}>{option.label}</option>
              ))}
            </select>
          ) : (
            h(type === 'textarea' ? 'textarea' : 'input', {
              ...single,
              type: type === 'textarea' ? undefined : type,
              maxLength: field.maxLength,
              min: field.min,
              max: field.max,
              step: field.step,
              autocomplete: field.autocomplete,
              inputMode: field.inputmode,
              placeholder,
            })
          )}
          {below}
        </div>
      );
    };

    const renderConsent = (box: Consent) => {
      const id = `gc-consent-${box.kind}`;
      const { below, ...aria } = described(`consent.${box.kind}`, id);
      return (
        <div class="check consent" part="consent">
          <input
            type="checkbox"
            id={id}
            name={`gleantap-consent-${box.kind}`}
            aria-required={box.required || undefined}
            {...aria}
            onChange={(event) => {
              this.#intentId = null;
              if ((event.currentTarget as HTMLInputElement).checked) this.#setError(`consent.${box.kind}`);
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
      intro && <p part="intro">{intro}</p>,
    ];
    if (phase.kind === 'done') {
      return (
        <div class="gc">
          {top[0]}
          <p class="success" part="success" role="status" tabIndex={-1} ref={(thanks) => thanks?.focus()}>
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
          onSubmit={(event) => this.#submit(event, messages)}
          onPointerDown={(event) => (this.#pressing = (event.target as Element).localName === 'button')}
          ref={this.#form}
          aria-busy={sending || undefined}
        >
          {definition.fields.filter((field) => !field.hidden).map(renderField)}
          {definition.consent.map(renderConsent)}
          {/* The widget's own inputs are named with a hyphen, which no field name can contain, so a
              custom field called `website` or `consent_sms` never collides with them. */}
          <div class="hp" aria-hidden="true">
            <label>
              Website <input ref={this.#honeypot} name="gleantap-hp" tabIndex={-1} autocomplete="off" />
            </label>
          </div>
          {phase.kind === 'notice' && (
            <div class="notice" role="alert" part="notice">
              <p class="error">{phase.text}</p>
              {phase.retry && (
                <button type="button" part="retry" onClick={() => this.#busy || void this.#send(messages)}>
                  {messages.retry}
                </button>
              )}
            </div>
          )}
          {definition.captcha && <slot name="captcha" />}
          <button type="submit" part="button" disabled={sending}>
            {sending ? messages.sending : definition.submitLabel}
          </button>
        </form>
        {live}
      </div>
    );
  }
}
