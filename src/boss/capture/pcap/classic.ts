import { PcapError } from './errors.ts';
import { ByteView, type PacketFile, type RawPacket } from './packet.ts';

const FILE_HEADER = 24;
const RECORD_HEADER = 16;
/** More than any link layer's largest frame; a record claiming more means the file is not what it says. */
const MAX_RECORD = 0x4000000;

/** Magic numbers as read little-endian: which byte order the file uses and its timestamp unit. */
const MAGICS: Readonly<Record<number, { littleEndian: boolean; nanos: boolean }>> = {
  0xa1b2c3d4: { littleEndian: true, nanos: false },
  0xd4c3b2a1: { littleEndian: false, nanos: false },
  0xa1b23c4d: { littleEndian: true, nanos: true },
  0x4d3cb2a1: { littleEndian: false, nanos: true },
};

/** True when the bytes start with one of the classic pcap magic numbers. */
export function isClassicPcap(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && MAGICS[new ByteView(bytes, true).u32(0)] !== undefined;
}

/**
 * Classic libpcap format, either byte order, microsecond or nanosecond timestamps. A file that
 * ends inside a record (a capture killed mid-write) keeps the records before it, with a note.
 * [pcap: draft-ietf-opsawg-pcap]
 */
export function readClassicPcap(bytes: Uint8Array, file: string): PacketFile {
  if (bytes.length < FILE_HEADER) throw new PcapError(file, 0, 'header', `${bytes.length} bytes: shorter than the 24-byte pcap file header`);
  const magic = MAGICS[new ByteView(bytes, true).u32(0)];
  if (!magic) throw new PcapError(file, 0, 'magic', 'not a pcap file (unknown magic number)');
  const view = new ByteView(bytes, magic.littleEndian);
  const major = view.u16(4);
  if (major !== 2) throw new PcapError(file, 4, 'version', `pcap version ${major}.${view.u16(6)} is not 2.x`);
  // bits 0–15 are the link type; the upper bits may carry FCS information [pcap §4]
  const linkType = view.u32(20) & 0xffff;
  const packets: RawPacket[] = [];
  const notes: string[] = [];
  let offset = FILE_HEADER;
  while (offset < bytes.length) {
    if (offset + RECORD_HEADER > bytes.length) {
      notes.push(`the file ends inside the record header at byte ${offset}; packets after ${packets.length} are lost`);
      break;
    }
    const included = view.u32(offset + 8);
    if (included > MAX_RECORD) throw new PcapError(file, offset, 'record', `record claims ${included} captured bytes: the file is damaged`);
    const dataStart = offset + RECORD_HEADER;
    if (dataStart + included > bytes.length) {
      notes.push(`the file ends inside packet ${packets.length + 1} (record at byte ${offset}: ${included} bytes announced, ${bytes.length - dataStart} present); it is left out`);
      break;
    }
    const fraction = BigInt(view.u32(offset + 4));
    const timeNs = BigInt(view.u32(offset)) * 1_000_000_000n + (magic.nanos ? fraction : fraction * 1000n);
    packets.push({
      ordinal: packets.length + 1,
      offset,
      timeNs,
      linkType,
      data: bytes.subarray(dataStart, dataStart + included),
      originalLength: view.u32(offset + 12),
    });
    offset = dataStart + included;
  }
  return { format: 'pcap', packets, notes };
}
