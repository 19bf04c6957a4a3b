import type { PublicFormDefinition } from '@gleantap-capture/shared';
import { Component, Fragment, h } from 'preact';
import { fetchDefinition, warn, warnOriginNotAllowed } from '../core/api-client.ts';
import { definitionProblem } from '../core/check-definition.ts';
import type { EventHub } from '../core/events.ts';
import { pickLocale } from '../core/locale.ts';
import { pageMessages } from '../core/messages.ts';
import { SignupForm } from './signup-form.tsx';
import { adoptStyles, BASE_CSS, themeCss } from './styles.ts';

export interface FormLoaderProps {
  readonly formId: string;
  readonly endpoint: string;
  /** The locale asked for by the embed (data-locale / option); else the page's and browser's. */
  readonly locale: string | undefined;
  readonly hub: EventHub;
  readonly host: Element;
  readonly root: ShadowRoot;
  /** Called once the form is on screen (the modal moves focus into it then, and takes its heading). */
  readonly onReady?: ((definition: PublicFormDefinition) => void) | undefined;
}

/**
 * Fetches the definition, then renders the form. Until then (and if it fails) a `<slot>`
 * keeps showing whatever the page put inside the host, e.g. "Call us on …".
 */
interface LoaderState {
  definition?: PublicFormDefinition;
  /** The proxy refused this page's origin: say so calmly, and keep the host's own content. */
  refused?: boolean;
}

export class FormLoader extends Component<FormLoaderProps, LoaderState> {
  override componentDidMount(): void {
    const { formId, endpoint, hub, host, root, onReady } = this.props;
    void fetchDefinition(endpoint, formId).then((definition) => {
      const problem = typeof definition === 'string' ? undefined : definitionProblem(definition);
      if (typeof definition === 'string' || problem) {
        if (definition === 'origin_not_allowed') {
          warnOriginNotAllowed(formId);
          adoptStyles(root, [BASE_CSS]);
          this.setState({ refused: true });
        }
        // One line for the owner, naming only the id this page asked for (never the proxy's list).
        if (definition === 'form_not_found') warn(`no form "${formId}" at ${endpoint}: check data-form`);
        if (problem) warn(`refused the definition of form "${formId}" from ${endpoint} (${problem})`);
        return hub.emit(host, 'error', { form: formId, error_code: problem ? 'invalid_definition' : (definition as string) });
      }
      adoptStyles(root, [BASE_CSS, themeCss(definition.theme)]);
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

  override render({ formId, endpoint, locale, hub, host }: FormLoaderProps, { definition, refused }: LoaderState) {
    if (refused) {
      return (
        <>
          <p class="notice" part="notice" role="status">
            {pageMessages(locale).origin_not_allowed}
          </p>
          <slot />
        </>
      );
    }
    if (!definition) return <slot />;
    const chosen = pickLocale([locale, document.documentElement.lang, navigator.language], definition.locales);
    return <SignupForm definition={definition} formId={formId} endpoint={endpoint} locale={chosen} hub={hub} host={host} />;
  }
}
