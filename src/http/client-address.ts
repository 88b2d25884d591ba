import { isIPv6 } from 'node:net';

/**
 * The key a client's address is counted under: an IPv4 address as it is, an IPv6 address by its
 * /64 prefix (one subscriber commonly holds a whole /64, so counting single addresses would let it
 * rotate through billions), an IPv4-mapped IPv6 address as the IPv4 address.
 */
export function addressKey(address: string): string {
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  if (!isIPv6(address)) return address;
  return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address (zone and embedded IPv4 tails handled). */
function expandIpv6(address: string): string[] {
  const plain = address.split('%')[0]!.toLowerCase();
  const [head = '', tail] = plain.split('::');
  const part = (text: string) => (text ? text.split(':') : []);
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const missing = 8 - left.length - right.length;
  const hextets = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right];
  return hextets.map((hextet) => (hextet.includes('.') ? hextet : hextet.replace(/^0+(?=.)/, '')));
}
