import { parseArgs } from 'node:util';
import { FORM_ID_PATTERN } from '@gleantap-capture/shared';
import { loadWidgetBundle, pinnedSnippet } from '../../widget/widget-bundle.ts';
import { type CliIo, EXIT } from '../cli-io.ts';

export const WIDGET_SRI_HELP = `Usage: gleantap-capture widget-sri --base-url https://forms.example.com [--form default]

Prints the <script> tag that pins this exact widget release: the immutable URL
/widget/widget.<hash>.js with its Subresource Integrity hash and crossorigin="anonymous".
--base-url is the public address of your proxy.`;

/** `widget-sri`: the pinned snippet for the bundle this proxy serves. */
export async function widgetSriCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { 'base-url': { type: 'string' }, form: { type: 'string', default: 'default' } },
    strict: true,
  });
  const baseUrl = values['base-url'];
  if (!baseUrl || !/^https?:\/\/[^\s"<>]+$/.test(baseUrl)) {
    io.err('gleantap-capture widget-sri: --base-url must be the public http(s) address of the proxy, e.g. https://forms.example.com');
    return EXIT.usage;
  }
  if (!FORM_ID_PATTERN.test(values.form)) {
    io.err(`gleantap-capture widget-sri: "${values.form}" is not a form id`);
    return EXIT.usage;
  }
  const bundle = loadWidgetBundle();
  if (!bundle) {
    io.err('gleantap-capture widget-sri: the widget is not built yet; run `npx -y pnpm@10 build`');
    return EXIT.failure;
  }
  io.out(pinnedSnippet(bundle, baseUrl, values.form));
  return EXIT.ok;
}
