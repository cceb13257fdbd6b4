import { PcapError } from './errors.ts';
import { ByteView, type PacketFile, type RawPacket } from './packet.ts';

/** Block types used here. [pcapng: draft-ietf-opsawg-pcapng §4] */
const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const OPB = 0x00000002;
const SPB = 0x00000003;
const EPB = 0x00000006;
/** Blocks that carry nothing replay needs; skipped without a note (NRB, ISB, DSB, custom). */
const QUIET = new Set([0x00000004, 0x00000005, 0x0000000a, 0x00000bad, 0x40000bad]);
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const OPT_END = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

interface Interface {
  readonly linkType: number;
  readonly snapLength: number;
  /** Timestamp units per second. */
  readonly unitsPerSecond: bigint;
  /** Seconds added to every timestamp. */
  readonly offsetSeconds: bigint;
}

/** True when the bytes start with a Section Header Block. */
export function isPcapng(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new ByteView(bytes, true).u32(0) === SHB;
}

/**
 * pcapng: sections in either byte order, interfaces with their own link type and timestamp
 * resolution (if_tsresol, if_tsoffset), Enhanced, Simple and obsolete Packet Blocks; every other
 * block is skipped. A file that ends inside a block keeps what came before it, with a note.
 */
export function readPcapng(bytes: Uint8Array, file: string): PacketFile {
  const packets: RawPacket[] = [];
  const notes: string[] = [];
  const unknown = new Set<number>();
  let view: ByteView | undefined;
  let interfaces: Interface[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) {
      notes.push(`the file ends inside a block header at byte ${offset}`);
      break;
    }
    // the SHB type reads the same in both byte orders; every other block is in its section's order
    if (new ByteView(bytes, true).u32(offset) === SHB) {
      view = sectionView(bytes, offset, file);
      interfaces = [];
    }
    if (!view) throw new PcapError(file, offset, 'block', 'the file does not start with a Section Header Block');
    const type = view.u32(offset);
    const length = view.u32(offset + 4);
    if (length < 12 || length % 4 !== 0) throw new PcapError(file, offset, 'block', `block type 0x${hex32(type)} has length ${length}: not a multiple of 4 of at least 12`);
    if (offset + length > bytes.length) {
      notes.push(`the file ends inside a block at byte ${offset} (type 0x${hex32(type)}, ${length} bytes announced, ${bytes.length - offset} present); it is left out`);
      break;
    }
    const trailer = view.u32(offset + length - 4);
    if (trailer !== length) throw new PcapError(file, offset, 'block', `block type 0x${hex32(type)} says ${length} bytes at its start and ${trailer} at its end`);
    const body = { start: offset + 8, end: offset + length - 4 };
    switch (type) {
      case SHB:
        break;
      case IDB:
        interfaces.push(readInterface(view, body.start, body.end));
        break;
      case EPB:
      case OPB:
      case SPB:
        packets.push(readPacketBlock(view, type, body, offset, packets.length + 1, interfaces, file));
        break;
      default:
        if (!QUIET.has(type)) unknown.add(type);
    }
    offset += length;
  }
  if (unknown.size > 0) notes.push(`skipped blocks of unknown type ${[...unknown].map((t) => `0x${hex32(t)}`).join(', ')}`);
  return { format: 'pcapng', packets, notes };
}

/** The byte order of a section comes from its byte-order magic. */
function sectionView(bytes: Uint8Array, offset: number, file: string): ByteView {
  if (offset + 16 > bytes.length) throw new PcapError(file, offset, 'header', 'the Section Header Block is cut short');
  for (const littleEndian of [true, false]) {
    const view = new ByteView(bytes, littleEndian);
    if (view.u32(offset + 8) === BYTE_ORDER_MAGIC) {
      const major = view.u16(offset + 12);
      if (major !== 1) throw new PcapError(file, offset + 12, 'version', `pcapng version ${major}.${view.u16(offset + 14)} is not 1.x`);
      return view;
    }
  }
  throw new PcapError(file, offset + 8, 'magic', 'the Section Header Block has no valid byte-order magic');
}

function readInterface(view: ByteView, start: number, end: number): Interface {
  let unitsPerSecond = 1_000_000n;
  let offsetSeconds = 0n;
  for (let at = start + 8; at + 4 <= end; ) {
    const code = view.u16(at);
    const length = view.u16(at + 2);
    if (code === OPT_END || at + 4 + length > end) break;
    if (code === IF_TSRESOL && length >= 1) {
      // high bit clear: 10^-n seconds; set: 2^-n seconds [pcapng §4.2]
      const value = view.bytes[at + 4] ?? 6;
      unitsPerSecond = value & 0x80 ? 1n << BigInt(value & 0x7f) : 10n ** BigInt(value);
    }
    if (code === IF_TSOFFSET && length >= 8) offsetSeconds = view.i64(at + 4);
    at += 4 + Math.ceil(length / 4) * 4;
  }
  return { linkType: view.u16(start), snapLength: view.u32(start + 4), unitsPerSecond, offsetSeconds };
}

function readPacketBlock(
  view: ByteView,
  type: number,
  body: { start: number; end: number },
  offset: number,
  ordinal: number,
  interfaces: readonly Interface[],
  file: string,
): RawPacket {
  let interfaceId: number;
  let timestamp = 0n;
  let captured: number;
  let original: number;
  let dataStart: number;
  if (type === SPB) {
    interfaceId = 0;
    original = view.u32(body.start);
    dataStart = body.start + 4;
    const snap = interfaces[0]?.snapLength ?? 0;
    // the captured length is implied: the original length cut to the snapshot length [pcapng §4.4]
    captured = Math.min(original, snap === 0 ? original : snap, body.end - dataStart);
  } else {
    const opb = type === OPB;
    interfaceId = opb ? view.u16(body.start) : view.u32(body.start);
    timestamp = (BigInt(view.u32(body.start + 4)) << 32n) | BigInt(view.u32(body.start + 8));
    captured = view.u32(body.start + 12);
    original = view.u32(body.start + 16);
    dataStart = body.start + 20;
  }
  const iface = interfaces[interfaceId];
  if (!iface) throw new PcapError(file, offset, 'interface', `packet ${ordinal} names interface ${interfaceId}, but the section describes ${interfaces.length}`);
  if (dataStart + captured > body.end) throw new PcapError(file, offset, 'block', `packet ${ordinal} claims ${captured} captured bytes, more than its block holds`);
  const timeNs = (timestamp * 1_000_000_000n) / iface.unitsPerSecond + iface.offsetSeconds * 1_000_000_000n;
  return { ordinal, offset, timeNs, linkType: iface.linkType, data: view.bytes.subarray(dataStart, dataStart + captured), originalLength: original };
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, '0');
}
