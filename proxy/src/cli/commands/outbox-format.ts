import type { ExportRow } from '../../store/admin-queries.ts';
import type { RowSummary } from '../../store/rows.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A row for `--json` output: stable camelCase keys, ISO 8601 UTC times. */
export function summaryJson(row: RowSummary): Record<string, unknown> {
  return {
    id: row.id,
    form: row.formId,
    state: row.state,
    deadReason: row.deadReason,
    dropReason: row.dropReason,
    attempts: row.attempts,
    lastError: row.lastError,
    lastStatus: row.lastStatus,
    lastMessage: row.lastMessage,
    gleantapId: row.gleantapId,
    optin: row.optin,
    acceptedAt: iso(row.acceptedAt),
    nextAttemptAt: iso(row.nextAttemptAt),
    deliveredAt: iso(row.deliveredAt),
    deadAt: iso(row.deadAt),
    erasedAt: iso(row.erasedAt),
  };
}

/** `reason status: message`, e.g. `rejected 200: Invalid app_id`; last, as the message varies in length. */
function lastError(row: RowSummary): string {
  if (row.lastError === null) return '-';
  const status = row.lastStatus === null ? '' : ` ${row.lastStatus}`;
  return `${row.lastError}${status}${row.lastMessage === null ? '' : `: ${row.lastMessage}`}`;
}

/** The list as aligned text columns, one row per line, header first. */
export function summaryTable(rows: readonly RowSummary[]): string[] {
  const header = ['ID', 'FORM', 'STATE', 'REASON', 'ATTEMPTS', 'GLEANTAP ID', 'OPTIN', 'ACCEPTED', 'LAST ERROR'];
  const cells = rows.map((row) => [
    row.id,
    row.formId,
    row.state,
    row.deadReason ?? row.dropReason ?? '-',
    String(row.attempts),
    row.gleantapId ?? '-',
    row.optin ?? '-',
    iso(row.acceptedAt) ?? '-',
    lastError(row),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)));
  const render = (line: readonly string[]): string =>
    line
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [render(header), ...cells.map(render)];
}

/** Keys of the summary that lead every CSV row, before the contact's own keys. */
const CSV_META = ['id', 'form', 'state', 'dead_reason', 'attempts', 'last_error', 'last_status', 'last_message', 'gleantap_id', 'accepted_at'] as const;

// A spreadsheet runs a cell starting with one of these as a formula; visitors typed these values.
const FORMULA_START = /^[=+\-@\t\r]/;
const PHONE = /^\+\d{6,15}$/;

function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  // E.164 phones start with '+' but are plain numbers; anything else formula-like is defused.
  if (FORMULA_START.test(text) && !PHONE.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: the summary columns, then every contact key that occurs, in first-seen order. */
export function exportCsv(rows: readonly ExportRow[]): string[] {
  const keys: string[] = [];
  // An invalid_contact lead has no body: its kept fields fill the columns they name.
  const dataOf = (row: ExportRow): Record<string, unknown> => (row.contact ?? row.fields ?? {}) as Record<string, unknown>;
  for (const row of rows) for (const key of Object.keys(dataOf(row))) if (!keys.includes(key)) keys.push(key);
  const lines = [[...CSV_META, ...keys].map(csvCell).join(',')];
  for (const row of rows) {
    const meta = [row.id, row.formId, row.state, row.deadReason, row.attempts, row.lastError, row.lastStatus, row.lastMessage, row.gleantapId, iso(row.acceptedAt)];
    const contact = dataOf(row);
    lines.push([...meta, ...keys.map((key) => contact[key])].map(csvCell).join(','));
  }
  return lines;
}
