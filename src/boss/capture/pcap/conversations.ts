import type { TcpSegment } from './segments.ts';
import { reassembleDirection, type DirectionStream } from './stream.ts';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './tcp.ts';

/** One TCP connection of the capture, both directions reassembled. */
export interface TcpConversation {
  /** The first packet of the connection, and its time. */
  readonly firstOrdinal: number;
  readonly firstTimeNs: bigint;
  /** `IP:PORT` of the client (the bank) and of the server (the BOSS). */
  readonly client: string;
  readonly server: string;
  readonly toServer: DirectionStream;
  readonly toClient: DirectionStream;
  /** Which side sent the first FIN or RST, that packet and its time. */
  readonly closedBy?: 'client' | 'server';
  readonly closeOrdinal?: number;
  readonly closeTimeNs?: bigint;
  readonly notes: readonly string[];
}

interface Instance {
  readonly endpoints: readonly [string, string];
  readonly segments: TcpSegment[];
  synFrom?: string;
  clientIsn?: number;
  synAckFrom?: string;
  serverIsn?: number;
}

/**
 * Splits segments into connections and reassembles each. A SYN with a new initial sequence number
 * on the same address pair starts a new connection (port reuse); the same SYN seen again (a
 * retransmission, or `-i any` showing it twice) does not. The client is the SYN sender; with
 * `bossPort` the side on that port is the server, and connections not on it are left out.
 */
export function tcpConversations(segments: readonly TcpSegment[], options: { bossPort?: number } = {}): { conversations: TcpConversation[]; notes: string[] } {
  const current = new Map<string, Instance>();
  const instances: Instance[] = [];
  for (const segment of segments) {
    const endpoints = [segment.from, segment.to].sort() as [string, string];
    const key = endpoints.join(' ');
    let instance = current.get(key);
    const syn = (segment.flags & TCP_SYN) !== 0;
    const ack = (segment.flags & TCP_ACK) !== 0;
    const sameSyn = instance?.synFrom === segment.from && instance.clientIsn === segment.seq;
    if (!instance || (syn && !ack && !sameSyn)) {
      instance = { endpoints, segments: [] };
      current.set(key, instance);
      instances.push(instance);
    }
    if (syn && !ack && instance.synFrom === undefined) {
      instance.synFrom = segment.from;
      instance.clientIsn = segment.seq;
    }
    if (syn && ack && instance.synAckFrom === undefined) {
      instance.synAckFrom = segment.from;
      instance.serverIsn = segment.seq;
    }
    instance.segments.push(segment);
  }
  const notes: string[] = [];
  const conversations: TcpConversation[] = [];
  for (const instance of instances) {
    const sides = chooseSides(instance, options.bossPort);
    if ('skip' in sides) {
      notes.push(sides.skip);
      continue;
    }
    conversations.push(reassemble(instance, sides));
  }
  return { conversations, notes };
}

function chooseSides(instance: Instance, bossPort: number | undefined): { client: string; server: string; note?: string } | { skip: string } {
  const [a, b] = instance.endpoints;
  const other = (endpoint: string): string => (endpoint === a ? b : a);
  const first = instance.segments[0]?.ordinal ?? 0;
  if (bossPort !== undefined) {
    const onPort = instance.endpoints.filter((e) => portOf(e) === bossPort);
    if (onPort.length === 0) return { skip: `connection ${a} ↔ ${b} (packet ${first}) is not on --boss-port ${bossPort}; left out` };
    if (onPort.length === 1 && onPort[0] !== undefined) return { client: other(onPort[0]), server: onPort[0] };
  }
  if (instance.synFrom !== undefined) return { client: instance.synFrom, server: other(instance.synFrom) };
  if (instance.synAckFrom !== undefined) return { client: other(instance.synAckFrom), server: instance.synAckFrom };
  // no handshake captured: servers usually listen on the lower port
  const server = portOf(a) <= portOf(b) ? a : b;
  return { client: other(server), server, note: `no TCP handshake in the capture: took ${server} (the lower port) as the BOSS; give --boss-port if that is wrong` };
}

function reassemble(instance: Instance, sides: { client: string; server: string; note?: string }): TcpConversation {
  const from = (sender: string): TcpSegment[] => instance.segments.filter((s) => s.from === sender);
  const isnOf = (sender: string): number | undefined => (sender === instance.synFrom ? instance.clientIsn : sender === instance.synAckFrom ? instance.serverIsn : undefined);
  const toServer = reassembleDirection(from(sides.client), isnOf(sides.client), 'bank → BOSS');
  const toClient = reassembleDirection(from(sides.server), isnOf(sides.server), 'BOSS → bank');
  const closer = instance.segments.find((s) => (s.flags & (TCP_FIN | TCP_RST)) !== 0);
  return {
    firstOrdinal: instance.segments[0]?.ordinal ?? 0,
    firstTimeNs: instance.segments[0]?.timeNs ?? 0n,
    client: sides.client,
    server: sides.server,
    toServer,
    toClient,
    ...(closer ? { closedBy: closer.from === sides.client ? 'client' : 'server', closeOrdinal: closer.ordinal, closeTimeNs: closer.timeNs } : {}),
    notes: [...(sides.note ? [sides.note] : []), ...toServer.notes, ...toClient.notes],
  } as TcpConversation;
}

function portOf(endpoint: string): number {
  return Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
}
