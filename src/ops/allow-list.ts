import { BlockList, isIP } from 'node:net';

/** Who may read /metrics: client addresses matched against IPs and CIDR ranges (node:net's BlockList). */
export type AllowList = {
  /** The entries as configured, for logs and errors. */
  readonly entries: readonly string[];
  /** True when the address (as `req.socket.remoteAddress` gives it) is on the list. */
  allows(address: string | undefined): boolean;
};

export const LOOPBACK_ALLOW = '127.0.0.1,::1,::ffff:127.0.0.1';

export class AllowListError extends Error {}

const PREFIX = /^\d{1,3}$/;

/**
 * Parses a comma-separated list of IPv4/IPv6 addresses and CIDR ranges
 * (`10.0.0.0/8`, `fd00::/8`). An IPv4 entry also matches the IPv4-mapped IPv6
 * form of the address (`::ffff:10.1.2.3`, what a dual-stack socket reports) and
 * the other way round. Throws AllowListError naming the first bad entry.
 */
export function parseAllowList(text: string): AllowList {
  const entries = text.split(',').map((e) => e.trim());
  if (entries.length === 0 || entries.some((e) => e === '')) {
    throw new AllowListError('must be a comma-separated list of IP addresses or CIDR ranges (empty entry)');
  }
  const list = new BlockList();
  for (const entry of entries) {
    // JSON quoting keeps the error one line whatever the value holds.
    const bad = () => new AllowListError(`${JSON.stringify(entry.slice(0, 80))} is not an IP address or CIDR range`);
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = address.includes('%') ? 0 : isIP(address);
    if (family === 0 || rest.length > 0) throw bad();
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!PREFIX.test(prefix) || bits > (family === 4 ? 32 : 128)) throw bad();
    list.addSubnet(address, bits, type);
  }
  return {
    entries,
    allows(address) {
      if (!address) return false;
      const bare = address.split('%')[0] ?? ''; // link-local addresses may carry a zone (fe80::1%eth0)
      const family = isIP(bare);
      if (family === 0) return false;
      return list.check(bare, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
