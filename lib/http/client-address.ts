import net from 'node:net';

/** An address as written by the kernel or a proxy, IPv4-mapped IPv6 ("::ffff:10.0.0.1") read as IPv4. */
function plainAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/**
 * The proxies whose X-Forwarded-* headers are believed, from a comma-separated
 * list of addresses and CIDR ranges ("127.0.0.1, 10.0.0.0/8, fd00::/8").
 * Throws on an entry that is neither, so a typo does not silently trust nobody.
 */
export function parseTrustedProxies(spec: string | undefined): net.BlockList {
  const list = new net.BlockList();
  for (const entry of (spec ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address, bits] = entry.split('/');
    const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
    if (!type || (bits !== undefined && !/^\d+$/.test(bits))) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

export function isTrusted(address: string, trusted: net.BlockList): boolean {
  const plain = plainAddress(address);
  const type = net.isIPv4(plain) ? 'ipv4' : net.isIPv6(plain) ? 'ipv6' : null;
  return type !== null && trusted.check(plain, type);
}

/**
 * The address of the client behind a request that arrived from `peer` (the
 * socket's remote address). X-Forwarded-For is read only as far as it was
 * written by trusted proxies: walking from the nearest hop outwards, the first
 * address that is not a trusted proxy is the client. A client that writes the
 * header itself gains nothing: its own hop (or the first trusted proxy's) is
 * what counts.
 */
export function clientAddress(peer: string, forwardedFor: string | undefined, trusted: net.BlockList): string {
  const hops = [...(forwardedFor ?? '').split(',').map(plainAddress).filter(Boolean), plainAddress(peer)];
  for (let i = hops.length - 1; i > 0; i--) if (!isTrusted(hops[i], trusted)) return hops[i];
  return hops[0];
}
