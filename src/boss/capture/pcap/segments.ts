import { formatHostPort } from '../../../core/host-port.ts';
import { ipPayload } from './ip.ts';
import { linkPayload } from './link.ts';
import type { RawPacket } from './packet.ts';
import { tcpHeader, type TcpHeader } from './tcp.ts';

/** One TCP segment of the capture with where it came from. */
export interface TcpSegment extends TcpHeader {
  readonly ordinal: number;
  readonly offset: number;
  readonly timeNs: bigint;
  /** `IP:PORT` of sender and receiver (`[IPv6]:PORT`). */
  readonly from: string;
  readonly to: string;
}

const IPPROTO_TCP = 6;

/**
 * Every TCP segment of the capture; other packets are counted by reason so the notes say what was
 * skipped without a line per packet.
 */
export function tcpSegments(packets: readonly RawPacket[]): { segments: TcpSegment[]; notes: string[] } {
  const segments: TcpSegment[] = [];
  const skipped = new Map<string, number[]>();
  const skip = (reason: string, packet: RawPacket): void => {
    const list = skipped.get(reason);
    if (list) list.push(packet.ordinal);
    else skipped.set(reason, [packet.ordinal]);
  };
  for (const packet of packets) {
    const link = linkPayload(packet.linkType, packet.data);
    if ('skip' in link) {
      skip(link.skip, packet);
      continue;
    }
    const ip = ipPayload(link.ip);
    if ('skip' in ip) {
      skip(ip.skip, packet);
      continue;
    }
    if (ip.protocol !== IPPROTO_TCP) {
      skip(`IP protocol ${ip.protocol} (not TCP)`, packet);
      continue;
    }
    const tcp = tcpHeader(ip.payload, ip.length);
    if ('skip' in tcp) {
      skip(tcp.skip, packet);
      continue;
    }
    segments.push({
      ...tcp,
      ordinal: packet.ordinal,
      offset: packet.offset,
      timeNs: packet.timeNs,
      from: formatHostPort(ip.src, tcp.srcPort),
      to: formatHostPort(ip.dst, tcp.dstPort),
    });
  }
  const notes = [...skipped].map(([reason, ordinals]) => `skipped ${ordinals.length} packet(s), ${reason}: ${listOrdinals(ordinals)}`);
  return { segments, notes };
}

function listOrdinals(ordinals: readonly number[]): string {
  const shown = ordinals.slice(0, 10).map((n) => `#${n}`).join(', ');
  return ordinals.length > 10 ? `${shown}, …` : shown;
}
