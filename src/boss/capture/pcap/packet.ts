/** A packet as a capture file holds it, before any protocol is looked at. */
export interface RawPacket {
  /** 1-based, in file order (what Wireshark calls the frame number). */
  readonly ordinal: number;
  /** Byte offset in the file of the packet's record or block. */
  readonly offset: number;
  /** Nanoseconds since the Unix epoch. */
  readonly timeNs: bigint;
  /** LINKTYPE_ value of the packet's interface. */
  readonly linkType: number;
  /** The captured bytes (may be fewer than `originalLength`: snapshot length). */
  readonly data: Uint8Array;
  readonly originalLength: number;
}

export interface PacketFile {
  readonly format: 'pcap' | 'pcapng';
  readonly packets: readonly RawPacket[];
  /** Things skipped or cut short, for the user. */
  readonly notes: readonly string[];
}

/** Fixed-endian reads over a file's bytes. */
export class ByteView {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, this.littleEndian);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, this.littleEndian);
  }

  i64(offset: number): bigint {
    return this.view.getBigInt64(offset, this.littleEndian);
  }
}

/** ISO 8601 with milliseconds. */
export function isoTime(timeNs: bigint): string {
  return new Date(Number(timeNs / 1_000_000n)).toISOString();
}
