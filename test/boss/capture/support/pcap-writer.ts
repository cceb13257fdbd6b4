import { concatBytes } from '../../../../src/core/hex.ts';

/** A packet to write: its bytes, its time, and (for snaplen tests) its length on the wire. */
export interface PacketToWrite {
  readonly data: Uint8Array;
  readonly timeNs: bigint;
  /** Defaults to data.length; larger means the packet was cut to the snapshot length. */
  readonly originalLength?: number;
  /** pcapng: which interface (default 0). */
  readonly interfaceId?: number;
}

/** Classic pcap, either byte order, µs or ns timestamps. */
export function writePcap(packets: readonly PacketToWrite[], options: { linkType: number; littleEndian?: boolean; nanos?: boolean; snapLength?: number }): Uint8Array {
  const le = options.littleEndian ?? true;
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, options.nanos ? 0xa1b23c4d : 0xa1b2c3d4, le);
  header.setUint16(4, 2, le);
  header.setUint16(6, 4, le);
  header.setUint32(16, options.snapLength ?? 262144, le);
  header.setUint32(20, options.linkType, le);
  const records = packets.map((p) => {
    const record = new DataView(new ArrayBuffer(16));
    const unit = options.nanos ? 1n : 1000n;
    record.setUint32(0, Number(p.timeNs / 1_000_000_000n), le);
    record.setUint32(4, Number((p.timeNs % 1_000_000_000n) / unit), le);
    record.setUint32(8, p.data.length, le);
    record.setUint32(12, p.originalLength ?? p.data.length, le);
    return concatBytes(new Uint8Array(record.buffer), p.data);
  });
  return concatBytes(new Uint8Array(header.buffer), ...records);
}

export interface NgInterface {
  readonly linkType: number;
  readonly snapLength?: number;
  /** if_tsresol byte; absent: the default 10^-6. */
  readonly tsresol?: number;
}

/** Builds pcapng block by block. */
export class PcapngBuilder {
  private readonly blocks: Uint8Array[] = [];

  constructor(private readonly le = true) {}

  section(): this {
    const body = new DataView(new ArrayBuffer(16));
    body.setUint32(0, 0x1a2b3c4d, this.le);
    body.setUint16(4, 1, this.le);
    body.setUint16(6, 0, this.le);
    body.setBigInt64(8, -1n, this.le);
    return this.block(0x0a0d0d0a, new Uint8Array(body.buffer));
  }

  iface(iface: NgInterface): this {
    const fixed = new DataView(new ArrayBuffer(8));
    fixed.setUint16(0, iface.linkType, this.le);
    fixed.setUint32(4, iface.snapLength ?? 0, this.le);
    const options: Uint8Array[] = [this.option(2, new TextEncoder().encode('lo'))];
    if (iface.tsresol !== undefined) options.push(this.option(9, Uint8Array.of(iface.tsresol)));
    options.push(this.option(0, new Uint8Array(0)));
    return this.block(1, concatBytes(new Uint8Array(fixed.buffer), ...options));
  }

  /** Enhanced Packet Block; `timestamp` in the interface's units. */
  epb(packet: PacketToWrite, timestamp: bigint): this {
    const fixed = new DataView(new ArrayBuffer(20));
    fixed.setUint32(0, packet.interfaceId ?? 0, this.le);
    fixed.setUint32(4, Number(timestamp >> 32n), this.le);
    fixed.setUint32(8, Number(timestamp & 0xffffffffn), this.le);
    fixed.setUint32(12, packet.data.length, this.le);
    fixed.setUint32(16, packet.originalLength ?? packet.data.length, this.le);
    return this.block(6, concatBytes(new Uint8Array(fixed.buffer), pad4(packet.data), this.option(0, new Uint8Array(0))));
  }

  /** Obsolete Packet Block (type 2). */
  opb(packet: PacketToWrite, timestamp: bigint): this {
    const fixed = new DataView(new ArrayBuffer(20));
    fixed.setUint16(0, packet.interfaceId ?? 0, this.le);
    fixed.setUint32(4, Number(timestamp >> 32n), this.le);
    fixed.setUint32(8, Number(timestamp & 0xffffffffn), this.le);
    fixed.setUint32(12, packet.data.length, this.le);
    fixed.setUint32(16, packet.originalLength ?? packet.data.length, this.le);
    return this.block(2, concatBytes(new Uint8Array(fixed.buffer), pad4(packet.data)));
  }

  /** Simple Packet Block: no interface id, no timestamp. */
  spb(data: Uint8Array): this {
    const fixed = new DataView(new ArrayBuffer(4));
    fixed.setUint32(0, data.length, this.le);
    return this.block(3, concatBytes(new Uint8Array(fixed.buffer), pad4(data)));
  }

  block(type: number, body: Uint8Array): this {
    const padded = pad4(body);
    const length = 12 + padded.length;
    const out = new DataView(new ArrayBuffer(length));
    out.setUint32(0, type, this.le);
    out.setUint32(4, length, this.le);
    new Uint8Array(out.buffer).set(padded, 8);
    out.setUint32(length - 4, length, this.le);
    this.blocks.push(new Uint8Array(out.buffer));
    return this;
  }

  bytes(): Uint8Array {
    return concatBytes(...this.blocks);
  }

  private option(code: number, value: Uint8Array): Uint8Array {
    const head = new DataView(new ArrayBuffer(4));
    head.setUint16(0, code, this.le);
    head.setUint16(2, value.length, this.le);
    return concatBytes(new Uint8Array(head.buffer), pad4(value));
  }
}

function pad4(bytes: Uint8Array): Uint8Array {
  const extra = (4 - (bytes.length % 4)) % 4;
  return extra === 0 ? bytes : concatBytes(bytes, new Uint8Array(extra));
}
