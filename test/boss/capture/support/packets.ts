import { concatBytes } from '../../../../src/core/hex.ts';

/**
 * Hand-built packets for pcap tests: IPv4/IPv6 + TCP (checksums left zero: the reader does not
 * check them), and the link-layer headers the reader supports.
 */
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface TcpSpec {
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  readonly seq: number;
  readonly flags: number;
  readonly payload?: Uint8Array;
}

export function ipPacket(spec: TcpSpec): Uint8Array {
  const tcp = tcpSegment(spec);
  return spec.src.includes(':') ? ipv6(spec.src, spec.dst, tcp) : ipv4(spec.src, spec.dst, tcp);
}

function tcpSegment(spec: TcpSpec): Uint8Array {
  const header = new Uint8Array(20);
  const view = new DataView(header.buffer);
  view.setUint16(0, spec.sport);
  view.setUint16(2, spec.dport);
  view.setUint32(4, spec.seq >>> 0);
  view.setUint32(8, 0);
  header[12] = 5 << 4;
  header[13] = spec.flags;
  view.setUint16(14, 65535);
  return concatBytes(header, spec.payload ?? new Uint8Array(0));
}

function ipv4(src: string, dst: string, tcp: Uint8Array): Uint8Array {
  const header = new Uint8Array(20);
  const view = new DataView(header.buffer);
  header[0] = 0x45;
  view.setUint16(2, 20 + tcp.length);
  view.setUint16(6, 0x4000); // don't fragment
  header[8] = 64;
  header[9] = 6;
  header.set(src.split('.').map(Number), 12);
  header.set(dst.split('.').map(Number), 16);
  return concatBytes(header, tcp);
}

function ipv6(src: string, dst: string, tcp: Uint8Array): Uint8Array {
  const header = new Uint8Array(40);
  const view = new DataView(header.buffer);
  header[0] = 0x60;
  view.setUint16(4, tcp.length);
  header[6] = 6;
  header[7] = 64;
  header.set(ipv6Bytes(src), 8);
  header.set(ipv6Bytes(dst), 24);
  return concatBytes(header, tcp);
}

function ipv6Bytes(text: string): Uint8Array {
  const [head = '', tail = ''] = text.split('::');
  const part = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = part(head);
  const right = part(tail);
  const groups = text.includes('::') ? [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right] : left;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** Link-layer framings, by LINKTYPE_ value. */
export type LinkKind = 'ethernet' | 'null-le' | 'null-be' | 'raw' | 'sll' | 'sll2' | 'ethernet-vlan' | 'sll-vlan' | 'sll2-vlan';

export const LINK_TYPES: Readonly<Record<LinkKind, number>> = {
  ethernet: 1,
  'ethernet-vlan': 1,
  'null-le': 0,
  'null-be': 0,
  raw: 101,
  sll: 113,
  sll2: 276,
  'sll-vlan': 113,
  'sll2-vlan': 276,
};

export function withLink(kind: LinkKind, ip: Uint8Array): Uint8Array {
  const v6 = (ip[0] ?? 0) >> 4 === 6;
  const etherType = v6 ? 0x86dd : 0x0800;
  switch (kind) {
    case 'ethernet':
      return concatBytes(new Uint8Array(12), be16(etherType), ip);
    case 'ethernet-vlan':
      return concatBytes(new Uint8Array(12), be16(0x8100), be16(42), be16(etherType), ip);
    case 'null-le':
      return concatBytes(Uint8Array.of(v6 ? 30 : 2, 0, 0, 0), ip);
    case 'null-be':
      return concatBytes(Uint8Array.of(0, 0, 0, v6 ? 30 : 2), ip);
    case 'raw':
      return ip;
    case 'sll':
      return concatBytes(be16(0), be16(772), be16(6), new Uint8Array(8), be16(etherType), ip);
    case 'sll2':
      return concatBytes(be16(etherType), be16(0), Uint8Array.of(0, 0, 0, 1), be16(772), Uint8Array.of(0, 6), new Uint8Array(8), ip);
    // libpcap re-inserts the 802.1Q tag after the cooked header: protocol 0x8100, then TCI and the real EtherType
    case 'sll-vlan':
      return concatBytes(be16(0), be16(1), be16(6), new Uint8Array(8), be16(0x8100), be16(42), be16(etherType), ip);
    case 'sll2-vlan':
      return concatBytes(be16(0x8100), be16(0), Uint8Array.of(0, 0, 0, 2), be16(1), Uint8Array.of(0, 6), new Uint8Array(8), be16(42), be16(etherType), ip);
  }
}

function be16(value: number): Uint8Array {
  return Uint8Array.of(value >> 8, value & 0xff);
}
