import { Component, h } from 'preact';
import { fetchDefinition, warn, warnOriginNotAllowed } from '../core/api-client.ts';
import { definitionProblem } from '../core/check-definition.ts';
import type { Definition } from '../core/definition.ts';
import type { EventHub } from '../core/events.ts';
import { preferredLocales } from '../core/locale.ts';
import { SignupForm } from './signup-form.tsx';
import { adoptStyles } from './styles.ts';

export interface FormLoaderProps {
  readonly formId: string;
  readonly endpoint: string;
  /** The locale asked for by the embed (data-locale / option); else the page's and browser's. */
  readonly locale: string | undefined;
  /** Values the embed gives hidden fields. */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
  readonly hub: EventHub;
  readonly host: Element;
  readonly root: ShadowRoot;
  /** Called with the definition once the form is on screen (the popup opens then). */
  readonly onReady?: ((definition: Definition) => void) | undefined;
}

/**
 * Fetches the definition, then renders the form. Until then (and if it fails, whatever the
 * reason) a `<slot>` keeps showing whatever the page put inside the host, e.g. "Call us on …":
 * without a definition the widget has no text in the visitor's language to say more.
 */
export class FormLoader extends Component<FormLoaderProps, { definition?: Definition | undefined }> {
  override componentDidMount(): void {
    const { formId, endpoint, locale, hub, host, root, onReady } = this.props;
    void fetchDefinition(endpoint, formId, preferredLocales(locale)).then((definition) => {
      const problem = typeof definition === 'string' ? undefined : definitionProblem(definition);
      if (typeof definition === 'string' || problem) {
        if (definition === 'origin_not_allowed') warnOriginNotAllowed(formId);
        // One line for the owner, naming only the id this page asked for (never the proxy's list).
        if (problem || definition === 'form_not_found')
          warn(problem ? `refused the definition of form "${formId}" from ${endpoint} (${problem})` : `no form "${formId}" at ${endpoint}: check data-form`);
        return hub.emit(host, 'error', { form: formId, error_code: problem ? 'invalid_definition' : (definition as string) });
      }
      adoptStyles(root, definition.css);
      this.setState({ definition }, () => {
        hub.emit(host, 'ready', { form: formId });
        onReady?.(definition);
      });
    });
  }

  // A definition of a shape no proxy serves may still break rendering: fall back to the
  // host's own content rather than let the error reach the page.
  override componentDidCatch(): void {
    this.setState({ definition: undefined });
  }

  override render({ formId, endpoint, fields, hub, host }: FormLoaderProps, { definition }: { definition?: Definition | undefined }) {
    if (!definition) return <slot />;
    return <SignupForm definition={definition} formId={formId} endpoint={endpoint} hub={hub} host={host} given={fields} />;
  }
}
