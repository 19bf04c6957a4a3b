import { parseIpRange } from '../net/ip-ranges.ts';
import type { ConfigProblem } from './config.ts';
import { problem } from './problems.ts';

/**
 * `rateLimit.exemptIps` for one form: its own list, else the one in `defaults`, else none.
 * Every entry must be an IPv4 or IPv6 address or CIDR range; each one that is not is a problem
 * at its own path, so the owner sees exactly which line to fix.
 */
export function resolveExemptIps(own: readonly string[] | undefined, inherited: readonly string[] | undefined, formPath: string, problems: ConfigProblem[]): readonly string[] {
  const list = own ?? inherited ?? [];
  const at = own !== undefined ? `${formPath}.rateLimit.exemptIps` : 'defaults.rateLimit.exemptIps';
  list.forEach((entry, index) => {
    const parsed = parseIpRange(entry);
    if (!parsed.ok) problems.push(problem(`${at}[${index}]`, `${JSON.stringify(entry)} ${parsed.reason}`));
  });
  return [...new Set(list.map((entry) => entry.trim()))];
}
