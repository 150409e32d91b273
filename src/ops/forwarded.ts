import type { IncomingHttpHeaders } from 'node:http';

/** Headers a proxy uses to name the client it forwards for. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

const values = (header: string | string[] | undefined): string[] =>
  header === undefined ? [] : (Array.isArray(header) ? header : [header]).flatMap((v) => v.split(','));

/** `[2001:db8::1]:4711` → `2001:db8::1`; `192.0.2.1:4711` → `192.0.2.1`; anything else as it is. */
function withoutPort(node: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(node);
  if (bracketed) return bracketed[1] ?? '';
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(node);
  return v4WithPort ? (v4WithPort[1] ?? '') : node;
}

/** The `for=` nodes of an RFC 7239 `Forwarded` element list (`for=192.0.2.60;proto=http, for="[::1]:80"`). */
function forwardedFor(element: string): string[] {
  return element
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => pair.slice(0, 4).toLowerCase() === 'for=')
    .map((pair) => pair.slice(4).trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * Every client address that forwarding headers on the request name
 * (X-Forwarded-For, Forwarded's `for=`, X-Real-IP), ports and brackets
 * removed; an empty list when there are none. Entries that are not addresses
 * (`unknown`, `_hidden`, junk) are returned as they are, so an allow-list check
 * refuses them.
 */
export function forwardedAddresses(headers: IncomingHttpHeaders): string[] {
  const nodes: string[] = [];
  for (const name of FORWARDING_HEADERS) {
    for (const raw of values(headers[name])) {
      const entry = raw.trim();
      if (name === 'forwarded') nodes.push(...forwardedFor(entry));
      else nodes.push(entry);
    }
  }
  return nodes.map(withoutPort);
}

/** Whether the request carries any forwarding header at all (even an empty one). */
export function isForwarded(headers: IncomingHttpHeaders): boolean {
  return FORWARDING_HEADERS.some((name) => headers[name] !== undefined);
}
