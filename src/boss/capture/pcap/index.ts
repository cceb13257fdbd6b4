import type { Profile } from '../../profile/types.ts';
import type { CaptureConnection, CaptureSet } from '../model.ts';
import { isClassicPcap, readClassicPcap } from './classic.ts';
import { tcpConversations, type TcpConversation } from './conversations.ts';
import { directionFrames } from './frames.ts';
import { isoTime } from './packet.ts';
import { isPcapng, readPcapng } from './pcapng.ts';
import { tcpSegments } from './segments.ts';

export { PcapError } from './errors.ts';
export { isClassicPcap, readClassicPcap } from './classic.ts';
export { isPcapng, readPcapng } from './pcapng.ts';
export type { PacketFile, RawPacket } from './packet.ts';

export interface PcapCaptureOptions {
  /** The BOSS's TCP port: decides the sides, and connections on other ports are left out. */
  readonly bossPort?: number;
}

/**
 * A pcap or pcapng file (held whole in memory) as BOSS connections: packets → TCP segments →
 * connections reassembled per direction → frames, in capture order.
 */
export function readPcapCapture(bytes: Uint8Array, file: string, profile: Profile, options: PcapCaptureOptions = {}): CaptureSet {
  const packetFile = isPcapng(bytes) ? readPcapng(bytes, file) : readClassicPcap(bytes, file);
  const { segments, notes: segmentNotes } = tcpSegments(packetFile.packets);
  const { conversations, notes: conversationNotes } = tcpConversations(segments, options);
  return {
    file,
    format: packetFile.format,
    connections: conversations.map((c, i) => toConnection(c, i + 1, profile)),
    notes: [...packetFile.notes, ...segmentNotes, ...conversationNotes],
  };
}

export function isPacketCapture(bytes: Uint8Array): boolean {
  return isClassicPcap(bytes) || isPcapng(bytes);
}

function toConnection(conversation: TcpConversation, index: number, profile: Profile): CaptureConnection {
  const requests = directionFrames(conversation.toServer, 'request', profile.framing, 'bank → BOSS');
  const responses = directionFrames(conversation.toClient, 'response', profile.framing, 'BOSS → bank');
  // one request at a time [bank-interface §1]: the packet completing each frame puts both directions in order
  const items = [...requests.items, ...responses.items].sort((a, b) => a.ordinal - b.ordinal || a.offset - b.offset).map((o) => o.item);
  const closedBy = conversation.closedBy === undefined ? undefined : conversation.closedBy === 'client' ? 'bank' : 'boss';
  const { closeOrdinal, closeTimeNs } = conversation;
  return {
    index,
    label: `${conversation.client} → ${conversation.server} (packet ${conversation.firstOrdinal})`,
    peer: conversation.client,
    boss: conversation.server,
    items,
    notes: [...conversation.notes, ...requests.notes, ...responses.notes],
    opened: { at: isoTime(conversation.firstTimeNs), position: conversation.firstOrdinal },
    ...(closedBy === undefined ? {} : { closedBy }),
    ...(closeOrdinal === undefined || closeTimeNs === undefined ? {} : { closed: { at: isoTime(closeTimeNs), position: closeOrdinal } }),
  };
}
