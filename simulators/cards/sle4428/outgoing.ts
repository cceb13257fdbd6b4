import { PROTECT_BIT_BYTE, SLE4428_SIZE } from '../../../src/cards/sle4428/commands.ts';
import type { Sle4428Memory } from './memory.ts';

/**
 * Outgoing data mode. A read outputs the byte at the address and every following byte up to the
 * end of memory, then stops [IS23SC4428 "Read 8-bits data": address n followed by n+1; ATR H2 b7 = 0
 * "read to end" per ISO/IEC 7816-10]; the host may stop clocking earlier (readLength).
 * `hidden(address)` says whether the byte reads as 00 (the PSC before verification [yktchina §6]).
 */
export function readOut(
  memory: Sle4428Memory,
  address: number,
  withProtectBits: boolean,
  hidden: (address: number) => boolean,
  readLength: number | undefined,
): Uint8Array {
  const perByte = withProtectBits ? 2 : 1;
  const total = (SLE4428_SIZE - address) * perByte;
  const length = Math.min(total, readLength ?? total);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const a = address + Math.floor(i / perByte);
    if (i % perByte === 0) out[i] = hidden(a) ? 0x00 : memory.byte(a);
    // 9th bit: the protect bit of the byte, as the chip clocks it [IS23SC4428 "Read 9-bits data"]
    else out[i] = memory.isProtected(a) ? PROTECT_BIT_BYTE.protected : PROTECT_BIT_BYTE.writable;
  }
  return out;
}
