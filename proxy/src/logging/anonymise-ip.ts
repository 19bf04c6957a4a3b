import { isIPv4, isIPv6 } from 'node:net';

/**
 * Truncates a client address before it is logged: IPv4 to its /24, IPv6 to its /48.
 * Enough to spot abuse from a network, not enough to identify a visitor.
 */
export function anonymiseIp(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  const mapped = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(mapped)) return mapped.replace(/\.\d+$/, '.0');
  if (!isIPv6(mapped)) return undefined;
  const expanded = expandIpv6(mapped);
  return `${expanded.slice(0, 3).join(':')}::/48`;
}

function expandIpv6(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((part) => part.toLowerCase());
}
