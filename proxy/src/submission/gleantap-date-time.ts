/** `YYYY-MM-DD HH:MM:SS` in UTC, the format Gleantap documents for `created_date`. */
export function gleantapDateTime(date: Date): string {
  // toISOString is always UTC `YYYY-MM-DDTHH:MM:SS.sssZ`; Gleantap wants a space and no millis or zone.
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
