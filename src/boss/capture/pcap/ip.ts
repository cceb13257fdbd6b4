/** The transport part of an IP packet. */
export interface IpPayload {
  readonly src: string;
  readonly dst: string;
  readonly protocol: number;
  /** The captured bytes of the payload (fewer than `length` when the packet was cut short). */
  readonly payload: Uint8Array;
  /** The payload length the IP header announces. */
  readonly length: number;
}

export type IpResult = IpPayload | { readonly skip: string };

const TCP = 6;
/** IPv6 extension headers walked over to find the transport header. */
const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AUTH = 51;
const DEST_OPTIONS = 60;

/** IPv4 or IPv6, by the version nibble. [RFC 791, RFC 8200] */
export function ipPayload(packet: Uint8Array): IpResult {
  const version = (packet[0] ?? 0) >> 4;
  if (version === 4) return ipv4(packet);
  if (version === 6) return ipv6(packet);
  return { skip: `IP version ${version}` };
}

function ipv4(packet: Uint8Array): IpResult {
  if (packet.length < 20) return { skip: 'IPv4 header cut short by the snapshot length' };
  const headerLength = ((packet[0] ?? 0) & 0x0f) * 4;
  const totalLength = u16(packet, 2);
  const fragment = u16(packet, 6);
  if (headerLength < 20 || packet.length < headerLength) return { skip: 'IPv4 header cut short or invalid' };
  // more-fragments flag or a fragment offset: IP reassembly is not done here
  if (fragment & 0x3fff) return { skip: 'IPv4 fragment (IP fragments are not reassembled)' };
  // a total length of 0 is what TCP segmentation offload leaves in outgoing packets: trust the capture
  const end = totalLength === 0 ? packet.length : totalLength;
  return {
    src: [...packet.subarray(12, 16)].join('.'),
    dst: [...packet.subarray(16, 20)].join('.'),
    protocol: packet[9] ?? 0,
    payload: packet.subarray(headerLength, Math.min(end, packet.length)),
    length: Math.max(0, end - headerLength),
  };
}

function ipv6(packet: Uint8Array): IpResult {
  if (packet.length < 40) return { skip: 'IPv6 header cut short by the snapshot length' };
  const payloadLength = u16(packet, 4);
  const end = payloadLength === 0 ? packet.length : 40 + payloadLength;
  let next = packet[6] ?? 0;
  let at = 40;
  while (next !== TCP) {
    if (next === FRAGMENT) return { skip: 'IPv6 fragment (IP fragments are not reassembled)' };
    if (next !== HOP_BY_HOP && next !== ROUTING && next !== DEST_OPTIONS && next !== AUTH) break;
    if (packet.length < at + 2) return { skip: 'IPv6 extension header cut short' };
    const size = next === AUTH ? ((packet[at + 1] ?? 0) + 2) * 4 : ((packet[at + 1] ?? 0) + 1) * 8;
    next = packet[at] ?? 0;
    at += size;
  }
  return {
    src: ipv6Text(packet.subarray(8, 24)),
    dst: ipv6Text(packet.subarray(24, 40)),
    protocol: next,
    payload: packet.subarray(Math.min(at, packet.length), Math.min(end, packet.length)),
    length: Math.max(0, end - at),
  };
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
export function ipv6Text(address: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => u16(address, i * 2));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (best.length < 2) return text.join(':');
  return `${text.slice(0, best.start).join(':')}::${text.slice(best.start + best.length).join(':')}`;
}

function u16(data: Uint8Array, at: number): number {
  return ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
}
