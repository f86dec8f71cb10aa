import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is not a public one; a closed list, shown in the detail of a refused redirect. */
export type NonPublicRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade NAT'
  | 'link-local'
  | 'unique local'
  | 'site-local'
  | 'multicast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'not an IP address';

/** Tells which range an address is in: `null` for a public (globally routable) one. */
export type AddressClassifier = (address: string) => NonPublicRange | null;

type Prefix = readonly [bytes: readonly number[], bits: number, range: NonPublicRange];

const IPV4_RANGES: readonly Prefix[] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'carrier-grade NAT'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'documentation'],
  [[192, 88, 99], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'benchmarking'],
  [[198, 51, 100], 24, 'documentation'],
  [[203, 0, 113], 24, 'documentation'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'],
];

const IPV6_RANGES: readonly Prefix[] = [
  [[], 128, 'unspecified'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0, 0x64, 0xff, 0x9b, 0, 1], 48, 'private'],
  [[0x01], 64, 'reserved'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'],
  [[0x20, 0x01, 0x00], 23, 'reserved'],
  [[0xfc], 7, 'unique local'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'site-local'],
  [[0xff], 8, 'multicast'],
];

function inPrefix(address: readonly number[], [bytes, bits]: Prefix): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const left = Math.min(8, bits - bit);
    const mask = (0xff << (8 - left)) & 0xff;
    if (((address[bit / 8] ?? 0) & mask) !== ((bytes[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of a valid IPv6 address (zone id dropped, an embedded dotted quad read). */
function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (quad !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(quad);
    text = `${text.slice(0, -quad.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const words = [...before, ...Array<number>(8 - before.length - after.length).fill(0), ...after];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

function ipv4Range(bytes: readonly number[]): NonPublicRange | null {
  return IPV4_RANGES.find((prefix) => inPrefix(bytes, prefix))?.[2] ?? null;
}

/**
 * The non-public range an address belongs to, or `null` when it is public. IPv6 forms that carry an IPv4
 * address (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by that address;
 * anything outside IPv6 global unicast (`2000::/3`) is not public, e.g. `fd00:ec2::254` (unique local).
 */
export const nonPublicRange: AddressClassifier = (address) => {
  if (isIPv4(address)) return ipv4Range(ipv4Bytes(address));
  if (!isIPv6(address)) return 'not an IP address';
  const bytes = ipv6Bytes(address);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const nat64 = inPrefix(bytes, [[0, 0x64, 0xff, 0x9b], 96, 'reserved']);
  if (mapped || nat64) return ipv4Range(bytes.slice(12));
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return ipv4Range(bytes.slice(2, 6));
  const listed = IPV6_RANGES.find((prefix) => inPrefix(bytes, prefix))?.[2];
  if (listed !== undefined) return listed;
  return ((bytes[0] ?? 0) & 0xe0) === 0x20 ? null : 'reserved';
};
