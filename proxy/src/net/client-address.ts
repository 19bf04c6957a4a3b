import { isIP, isIPv4 } from 'node:net';

/**
 * A client address as the rate limits key it: `203.0.113.7:51234` loses its port,
 * `[2001:db8::1]:443` its brackets and port, `fe80::1%eth0` its zone, `::ffff:203.0.113.7`
 * is the IPv4 address it wraps, IPv6 is lower-cased. `undefined` for anything that is not an IP
 * address (a forged `X-Forwarded-For: unknown`, an empty hop), so the caller can fall back.
 */
export function normaliseClientAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::[0-9]{1,5})?$/.exec(address);
  if (bracketed?.[1] !== undefined) address = bracketed[1];
  else if (/^[0-9.]+:[0-9]{1,5}$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%[^%]*$/, '').toLowerCase();
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) address = address.slice(7);
  return isIP(address) === 0 ? undefined : address;
}
