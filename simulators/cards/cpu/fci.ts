import { concatBytes } from '../../../src/core/hex.ts';
import type { CardFile } from './files.ts';

/**
 * The control parameters SELECT answers [ISO/IEC 7816-4 §5.3.3, table 12]: tag 62 (FCP, P2 = 04)
 * or 6F (FCI, P2 = 00) around the same BER-TLV objects:
 * - 82 file descriptor: 38 (DF), 01 (transparent EF), or 02 00 LL (linear fixed EF, record length LL);
 * - 83 file identifier (2 bytes);
 * - 84 DF name, when the DF has one;
 * - 80 number of data bytes (2 bytes), for an EF;
 * - 88 short EF identifier, when the EF has one.
 */
export function fileControlParameters(file: CardFile, templateTag: 0x62 | 0x6f): Uint8Array {
  const parts: Uint8Array[] = [];
  if (file.kind === 'df') {
    parts.push(tlv(0x82, Uint8Array.of(0x38)), tlv(0x83, word(file.fid)));
    if (file.name) parts.push(tlv(0x84, file.name));
  } else {
    const descriptor = file.kind === 'transparent' ? Uint8Array.of(0x01) : Uint8Array.of(0x02, 0x00, file.recordLength);
    parts.push(tlv(0x82, descriptor), tlv(0x83, word(file.fid)), tlv(0x80, word(file.body.length)));
    if (file.sfi !== undefined) parts.push(tlv(0x88, Uint8Array.of(file.sfi)));
  }
  return tlv(templateTag, concatBytes(...parts));
}

function tlv(tag: number, value: Uint8Array): Uint8Array {
  // Every value here is under 128 bytes, so one length byte does [ISO/IEC 7816-4 §5.2.2.2].
  return Uint8Array.of(tag, value.length, ...value);
}

function word(value: number): Uint8Array {
  return Uint8Array.of(value >> 8, value & 0xff);
}
