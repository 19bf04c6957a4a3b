import { BlockList, isIP } from 'node:net';

/** An address or CIDR range as written in config, checked and split. */
export interface IpRange {
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6';
  /** Prefix length; the full width for a single address. */
  readonly prefix: number;
}

/**
 * Parses `203.0.113.7`, `10.0.0.0/8`, `2001:db8::1` or `2001:db8::/48`: an address or
 * CIDR range of either family. An explanation when it is not one.
 */
export function parseIpRange(value: string): { ok: true; range: IpRange } | { ok: false; reason: string } {
  const [address = '', prefixText, ...rest] = value.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return { ok: false, reason: 'is not an IP address or CIDR range (like 203.0.113.7, 10.0.0.0/8 or 2001:db8::/48)' };
  const width = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ok: true, range: { address, family: version === 4 ? 'ipv4' : 'ipv6', prefix: width } };
  if (!/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > width) {
    return { ok: false, reason: `has a prefix length that is not a whole number from 0 to ${width}` };
  }
  return { ok: true, range: { address, family: version === 4 ? 'ipv4' : 'ipv6', prefix: Number(prefixText) } };
}

/** A set of ranges that answers "is this (normalised) client address in it?". */
export function ipMatcher(ranges: readonly string[]): (address: string) => boolean {
  if (ranges.length === 0) return () => false;
  const list = new BlockList();
  for (const value of ranges) {
    const parsed = parseIpRange(value);
    // Config checked every entry at start-up; one that fails here simply matches nothing.
    if (parsed.ok) list.addSubnet(parsed.range.address, parsed.range.prefix, parsed.range.family);
  }
  return (address) => {
    const version = isIP(address);
    return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
}
