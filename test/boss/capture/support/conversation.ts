import { ACK, FIN, ipPacket, PSH, SYN, type TcpSpec } from './packets.ts';

/** A packet of a scripted conversation: the IP bytes and the TCP spec they came from. */
export interface ScriptedPacket {
  readonly ip: Uint8Array;
  readonly spec: TcpSpec;
}

/**
 * A TCP conversation written the way one thinks of it ("bank sends these bytes in two segments,
 * BOSS answers"), producing IP packets with consistent sequence numbers, for the reassembly tests
 * to reorder, duplicate or cut.
 */
export class TcpConversationScript {
  readonly packets: ScriptedPacket[] = [];
  private clientSeq: number;
  private serverSeq: number;

  constructor(
    private readonly client: { ip: string; port: number },
    private readonly server: { ip: string; port: number },
    isn: { client: number; server: number } = { client: 1000, server: 5000 },
  ) {
    this.clientSeq = isn.client;
    this.serverSeq = isn.server;
  }

  handshake(): this {
    this.push('client', SYN);
    this.clientSeq = (this.clientSeq + 1) >>> 0;
    this.push('server', SYN | ACK);
    this.serverSeq = (this.serverSeq + 1) >>> 0;
    this.push('client', ACK);
    return this;
  }

  /** Sends bytes from one side, cut at the given offsets into separate segments. */
  send(side: 'client' | 'server', bytes: Uint8Array, cuts: readonly number[] = []): this {
    const bounds = [0, ...cuts, bytes.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const piece = bytes.subarray(bounds[i], bounds[i + 1]);
      this.push(side, PSH | ACK, piece);
      if (side === 'client') this.clientSeq = (this.clientSeq + piece.length) >>> 0;
      else this.serverSeq = (this.serverSeq + piece.length) >>> 0;
    }
    return this;
  }

  fin(side: 'client' | 'server'): this {
    this.push(side, FIN | ACK);
    if (side === 'client') this.clientSeq = (this.clientSeq + 1) >>> 0;
    else this.serverSeq = (this.serverSeq + 1) >>> 0;
    return this;
  }

  private push(side: 'client' | 'server', flags: number, payload?: Uint8Array): void {
    const from = side === 'client' ? this.client : this.server;
    const to = side === 'client' ? this.server : this.client;
    const spec: TcpSpec = {
      src: from.ip,
      dst: to.ip,
      sport: from.port,
      dport: to.port,
      seq: side === 'client' ? this.clientSeq : this.serverSeq,
      flags,
      ...(payload ? { payload } : {}),
    };
    this.packets.push({ ip: ipPacket(spec), spec });
  }
}
