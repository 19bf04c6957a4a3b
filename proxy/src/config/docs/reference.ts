import { en, FORM_ID_PATTERN, FormsFile, LOCALE_PATTERN, MESSAGE_KEYS, type MessageKey } from '@gleantap-capture/shared';
import * as z from 'zod/mini';
import { DEFAULT_FORM_ID } from '../defaults.ts';
import { ENV_DEFAULTS, ENV_KEYS, EnvSchema, SECRET_ENV_KEYS } from '../env-schema.ts';
import { CHECK_RULES } from './check-rules.ts';

/** The marker before the generated section of docs/configuration.md. */
export const START_MARKER = '<!-- config-reference:start -->';
/** The marker after it. */
export const END_MARKER = '<!-- config-reference:end -->';

/** One documented setting: where it is and what it means (undefined when the schema says nothing). */
export interface ReferenceRow {
  readonly key: string;
  readonly description: string | undefined;
  readonly default?: string;
}

/** Every environment variable of the env schema, in schema order, with its description and default. */
export function envReference(): ReferenceRow[] {
  return ENV_KEYS.map((key) => {
    const description = z.globalRegistry.get(EnvSchema.shape[key])?.description;
    const fallback = Object.hasOwn(ENV_DEFAULTS, key) ? ENV_DEFAULTS[key as keyof typeof ENV_DEFAULTS] : undefined;
    return {
      key,
      description: description && (SECRET_ENV_KEYS.has(key) ? `${description} Secret: never logged or printed.` : description),
      default: fallback === undefined ? '—' : `\`${String(fallback)}\``,
    };
  });
}

interface JsonSchemaNode {
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly propertyNames?: JsonSchemaNode & { readonly pattern?: string };
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
}

/**
 * The message overrides' keys carry no schema description; each is documented by the
 * built-in English text it replaces, which is what an owner needs to pick the right key.
 */
function messageDescription(key: string): string | undefined {
  return (MESSAGE_KEYS as readonly string[]).includes(key) ? `Overrides the built-in message (en: "${en[key as MessageKey]}").` : undefined;
}

/** A nullable property keeps its description on the non-null branch. */
function describe(node: JsonSchemaNode): string | undefined {
  return node.description ?? node.anyOf?.find((branch) => branch.description !== undefined)?.description;
}

/** `<id>` for form ids, `<locale>` for locales, `<key>` otherwise. */
function recordSegment(node: JsonSchemaNode): string {
  const pattern = node.propertyNames?.pattern;
  if (pattern === FORM_ID_PATTERN.source) return '<id>';
  if (pattern === LOCALE_PATTERN.source) return '<locale>';
  return '<key>';
}

function walk(node: JsonSchemaNode, path: string, rows: ReferenceRow[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const childPath = path === '' ? key : `${path}.${key}`;
    const description = describe(child) ?? (path.endsWith('.messages.<locale>') ? messageDescription(key) : undefined);
    rows.push({ key: childPath, description });
    walkValue(child, childPath, rows);
  }
}

/** Descends into what a key holds: an object's keys, a record's entries, an array's items. */
function walkValue(node: JsonSchemaNode, path: string, rows: ReferenceRow[]): void {
  if (node.properties) walk(node, path, rows);
  // A record of objects documents its entries' keys; a record of plain values is one setting.
  if (typeof node.additionalProperties === 'object' && node.additionalProperties.properties) {
    walkValue(node.additionalProperties, `${path}.${recordSegment(node)}`, rows);
  }
  if (node.items) walkValue(node.items, `${path}[]`, rows);
  for (const branch of node.anyOf ?? []) if (branch.properties) walk(branch, path, rows);
}

/** Every key path of the forms file (`forms.<id>.fields[].name` …) with its schema description. */
export function formsFileReference(): ReferenceRow[] {
  const schema = z.toJSONSchema(FormsFile, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const rows: ReferenceRow[] = [];
  walk(schema, '', rows);
  return rows;
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The Markdown between the reference's markers (without the markers). */
export function renderConfigReference(): string {
  const env = envReference().map((row) => `| \`${row.key}\` | ${row.default ?? '—'} | ${cell(row.description ?? '')} |`);
  const file = formsFileReference().map((row) => `| \`${row.key}\` | ${cell(row.description ?? '')} |`);
  return [
    '_Generated from the schemas by `pnpm docs:config`; edit `proxy/src/config/env-schema.ts`, `proxy/src/config/docs/check-rules.ts` or `shared/src/config/forms-file.ts`, not this section._',
    '',
    '### Environment',
    '',
    'Read once at start-up; secrets live only here. An empty value counts as unset.',
    '',
    '| variable | default | meaning |',
    '|---|---|---|',
    ...env,
    '',
    '### Forms file (`CAPTURE_CONFIG`)',
    '',
    `JSON, validated by the shared \`FormsFile\` schema. Without \`CAPTURE_CONFIG\` there is one form \`${DEFAULT_FORM_ID}\` (first_name, last_name and email required, phone optional) allowed from \`ALLOWED_ORIGINS\`.`,
    "A form's own value wins over `defaults`, which wins over the environment (`ALLOWED_ORIGINS`, and the default account `GLEANTAP_APP_ID` / `GLEANTAP_API_KEY` / `GLEANTAP_SECRET_KEY` for forms without `account`), which wins over the built-in defaults.",
    '`gleantap-capture check-config` reports every problem at once, each as `path: reason`. Beyond the schema it checks:',
    '',
    ...CHECK_RULES.map((rule) => `- ${rule}`),
    '',
    '| key | meaning |',
    '|---|---|',
    ...file,
  ].join('\n');
}

/** Reference text with the section between the markers replaced; the rest is left byte for byte. */
export function replaceSection(readme: string, section: string): string {
  const block = `${START_MARKER}\n${section}\n${END_MARKER}`;
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    const separator = readme === '' || readme.endsWith('\n\n') ? '' : readme.endsWith('\n') ? '\n' : '\n\n';
    return `${readme}${separator}## Configuration reference\n\n${block}\n`;
  }
  return `${readme.slice(0, start)}${block}${readme.slice(end + END_MARKER.length)}`;
}

/** The text currently between the markers, or undefined when they are missing. */
export function readSection(readme: string): string | undefined {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) return undefined;
  return readme
    .slice(start + START_MARKER.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}
