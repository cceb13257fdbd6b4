import type { CardType } from '../../src/cards/card-type.ts';
import { commandApdu } from '../../src/reader/apdu.ts';
import { ACS_CLA, ACS_SELECT_CODE } from '../../src/reader/memory/acs-pseudo-apdu.ts';

/**
 * How a reader speaking the ACS pseudo-APDUs (class FF; ACR38x-CCID reference manual v6.04 §9.3,
 * ACR39x reference manual §8; docs/reader/pseudo-apdus.md) drives each memory card: the command bytes the
 * cases send and where the answers put what they check. The cases check bytes, so they build the
 * APDUs here rather than through the host operations in src/reader/memory/.
 */
export interface MemoryCardApdus {
  readonly type: CardType;
  /** The manual sections the commands come from; a case's clause is `clauseFor(spec, command)`. */
  readonly clause: string;
  /** SELECT_CARD_TYPE code, `FF A4 00 00 01 tt`. */
  readonly selectCode: number;
  /** The chip's own answer to reset (the reader reports `3B 0K` + these), from the card's datasheet; undefined when the chip has none. */
  readonly chipAtr?: { readonly bytes: Uint8Array; readonly source: string };
  /** READ_MEMORY_CARD of `length` bytes of the main (or first user) area from `address`. */
  read(address: number, length: number): Uint8Array;
  /** Writes to one byte, where the suite checks them on this card type. */
  readonly write?: WriteApdus;
  /** Code presentation and the attempts counter, where the card has a code the reader presents. */
  readonly code?: CodeApdus;
  /** Protection bits, where the card has them. */
  readonly protection?: ProtectionApdus;
  /** Bytes of the card whose value the card's documents give, so a read can be checked for content, not only length. */
  readonly knownContent?: KnownContent;
  /** The attempts counter read with READ_MEMORY_CARD, where the card has no code the suite presents (AT88SC102/1604). */
  readonly counterInMemory?: MemoryCounter;
}

export interface KnownContent {
  /** The read that answers them. */
  readonly read: Uint8Array;
  readonly bytes: Uint8Array;
  /** What they are, e.g. "main bytes 0-3, the chip's answer to reset". */
  readonly what: string;
  readonly source: string;
  /**
   * False when the documents give the value but not where it sits for certain: a difference then
   * ends the case inconclusive instead of failing the reader.
   */
  readonly placeVerified: boolean;
}

/** A counter whose 1 bits are the attempts left, spent in clock order (AT88SC102/1604 SCAC). */
export interface MemoryCounter {
  readonly name: string;
  readonly read: Uint8Array;
  /** Counted bits, in clock order from bit 0 of the first byte read (the reader sends the first bit as the LSB). */
  readonly countedBits: number;
  readonly source: string;
}

export interface WriteApdus {
  /** WRITE_MEMORY_CARD of `data` at `address` of the area `read` reads. */
  command(address: number, data: Uint8Array): Uint8Array;
  /** A byte that a factory-fresh card lets the host write once its code is presented (or without one). */
  readonly freeAddress: number;
  /** Whether writes need the code presented first. */
  readonly needsCode: boolean;
  /** Reads the access register of the written zone, where one decides whether the write needs a password (AT88SC153/1608). */
  readonly accessRegister?: { readonly read: Uint8Array; readonly source: string };
}

export interface CodeApdus {
  readonly name: string;
  readonly length: number;
  /** Command that reads the attempts counter, and the index of the counter in the response data. */
  readonly readCounter: Uint8Array;
  /** READ_PRESENTATION_ERROR_COUNTER has one right Le (SLE cards), so a wrong one must be refused. */
  readonly counterLeIsFixed: boolean;
  readonly counterIndex: number;
  /** Counter value with every attempt left (and after a correct presentation): one bit per attempt. */
  readonly fullCounter: number;
  /** PRESENT_CODE / VERIFY_PASSWORD; the reader answers `90 <counter>`. */
  present(code: Uint8Array): Uint8Array;
  /** CHANGE_CODE, where the reader offers it. */
  change?(code: Uint8Array): Uint8Array;
}

export interface ProtectionApdus {
  /** Bytes covered by protection bits: 0 .. protectedBytes-1. */
  readonly protectedBytes: number;
  /** Bytes 0 .. count-1 ship protected on every card of the type, where its documents say so: a reader reporting them writable is wrong. */
  readonly factoryProtected?: { readonly count: number; readonly source: string };
  /** Reads the PROT bytes of the whole protected area: bit 0 of PROT1 = byte 0, 0 = protected. */
  readonly read: Uint8Array;
  /** WRITE_PROTECTION_MEMORY_CARD: protects each byte of `data` that equals the card's byte. */
  protect(address: number, data: Uint8Array): Uint8Array;
}

const SLE4442_ATR = Uint8Array.of(0xa2, 0x13, 0x10, 0x91);
const SLE4428_ATR = Uint8Array.of(0x92, 0x23, 0x10, 0x91);
const AT88SC153_ATR = Uint8Array.of(0x2c, 0xaa, 0x55, 0xa1);
const AT88SC1608_ATR = Uint8Array.of(0x2c, 0xaa, 0x55, 0xa0);

/** Attempts a counter shows: one bit per attempt (SLE4442 EC 07 = 3, SLE4428 EC FF = 8, AT88 PAC FF = 8). */
export function attemptsIn(counter: number): number {
  let n = 0;
  for (let v = counter; v; v >>= 1) n += v & 1;
  return n;
}

/**
 * Attempts a counter read through READ_MEMORY_CARD shows, bits in clock order (bit 0 of the first
 * byte first: ACR38x-CCID §9.3.9.3 "the bit at card address 0 is regarded as the LSB of byte 0").
 * The chip spends the first 1 bit (docs/cards/at88sc102.md §Security), so spent bits come first:
 * `undefined` when a 0 bit follows a 1 bit, which no card shows.
 */
export function attemptsInClockOrder(bytes: Uint8Array, countedBits: number): number | undefined {
  let ones = 0;
  for (let i = 0; i < countedBits; i++) {
    const bit = ((bytes[i >> 3] ?? 0) >> (i & 7)) & 1;
    if (bit === 1) ones++;
    else if (ones > 0) return undefined;
  }
  return ones;
}

/** A case's clause: the card's manual sections, then the command it checks. */
export function clauseFor(spec: MemoryCardApdus, command: string): string {
  return `${spec.clause}: ${command}`;
}

/** Protected when its PROT bit reads 0. */
export function isProtected(prot: Uint8Array, byte: number): boolean {
  return ((prot[byte >> 3] ?? 0xff) & (1 << (byte & 7))) === 0;
}

const sle4442: MemoryCardApdus = {
  type: 'SLE4442',
  clause: 'ACR38x-CCID §9.3.6, ACR39x §8.4',
  selectCode: ACS_SELECT_CODE.SLE4442,
  chipAtr: { bytes: SLE4442_ATR, source: 'SLE4442 main bytes 0-3 (docs/cards/sle4442.md); pcsc-tools #46 trace 3B 04 A2 13 10 91' },
  read: (address, length) => commandApdu(ACS_CLA, 0xb0, 0, address, undefined, length),
  knownContent: {
    read: commandApdu(ACS_CLA, 0xb0, 0, 0, undefined, 4),
    bytes: SLE4442_ATR,
    what: 'main bytes 0-3, the chip\'s answer to reset',
    source: 'docs/cards/sle4442.md memory map: 00-03 ATR A2 13 10 91',
    placeVerified: true,
  },
  write: { command: (address, data) => commandApdu(ACS_CLA, 0xd0, 0, address, data), freeAddress: 0x40, needsCode: true },
  code: {
    name: 'PSC',
    length: 3,
    readCounter: commandApdu(ACS_CLA, 0xb1, 0, 0, undefined, 4),
    counterLeIsFixed: true,
    counterIndex: 0,
    fullCounter: 0x07,
    present: (code) => commandApdu(ACS_CLA, 0x20, 0, 0, code),
    change: (code) => commandApdu(ACS_CLA, 0xd2, 0, 1, code),
  },
  protection: {
    protectedBytes: 32,
    read: commandApdu(ACS_CLA, 0xb2, 0, 0, undefined, 4),
    protect: (address, data) => commandApdu(ACS_CLA, 0xd1, 0, address, data),
  },
};

/** SLE4428 addresses are 10 bits: P1 = 0000 00 A9 A8, P2 = A7..A0. [ACR38x §9.3.5] */
const sle4428: MemoryCardApdus = {
  type: 'SLE4428',
  clause: 'ACR38x-CCID §9.3.5, ACR39x §8.3',
  selectCode: ACS_SELECT_CODE.SLE4428,
  chipAtr: { bytes: SLE4428_ATR, source: 'SLE4428 bytes 000-003 (docs/cards/sle4428.md)' },
  read: (address, length) => commandApdu(ACS_CLA, 0xb0, address >> 8, address & 0xff, undefined, length),
  knownContent: {
    read: commandApdu(ACS_CLA, 0xb0, 0, 0, undefined, 4),
    bytes: SLE4428_ATR,
    what: 'bytes 000-003, the chip\'s answer to reset',
    source: 'docs/cards/sle4428.md memory map: 000-003 answer to reset 92 23 10 91',
    placeVerified: true,
  },
  write: { command: (address, data) => commandApdu(ACS_CLA, 0xd0, address >> 8, address & 0xff, data), freeAddress: 0x40, needsCode: true },
  code: {
    name: 'PSC',
    length: 2,
    readCounter: commandApdu(ACS_CLA, 0xb1, 0, 0, undefined, 3),
    counterLeIsFixed: true,
    counterIndex: 0,
    fullCounter: 0xff,
    present: (code) => commandApdu(ACS_CLA, 0x20, 0, 0, code),
    change: (code) => commandApdu(ACS_CLA, 0xd2, 0, 1, code),
  },
  protection: {
    protectedBytes: 64,
    factoryProtected: { count: 8, source: 'docs/cards/sle4428.md: "Blank card: bytes 0-7 … protected" (fixed at the factory)' },
    read: commandApdu(ACS_CLA, 0xb2, 0, 0, undefined, 8),
    protect: (address, data) => commandApdu(ACS_CLA, 0xd1, address >> 8, address & 0xff, data),
  },
};

/** User zone 0 through `FF B0`/`FF D0`; the configuration zone through `FF B3`. [ACR38x §9.3.3] */
const at88sc153: MemoryCardApdus = {
  type: 'AT88SC153',
  clause: 'ACR38x-CCID §9.3.3',
  selectCode: ACS_SELECT_CODE.AT88SC153,
  chipAtr: { bytes: AT88SC153_ATR, source: 'AT88SC153 datasheet 1016 p12 (docs/cards/at88sc153.md); datasheet, not seen through a reader' },
  read: (address, length) => commandApdu(ACS_CLA, 0xb0, 0, address, undefined, length),
  knownContent: {
    read: commandApdu(ACS_CLA, 0xb3, 0, 0, undefined, 4),
    bytes: AT88SC153_ATR,
    what: 'configuration bytes $00-$03, the answer to reset',
    source: 'docs/cards/at88sc153.md configuration map: ATR values from datasheet 1016 p12, their place at $00-$03 unverified',
    placeVerified: false,
  },
  write: {
    command: (address, data) => commandApdu(ACS_CLA, 0xd0, 0, address, data),
    freeAddress: 0x10,
    needsCode: false,
    accessRegister: { read: commandApdu(ACS_CLA, 0xb3, 0, 0x18, undefined, 1), source: 'AR0 at configuration $18 (docs/cards/at88sc153.md, address unverified)' },
  },
  code: {
    name: 'secure code (Write 1 password)',
    length: 3,
    // PAC of Write 1 at $30 + 8 (docs/cards/at88sc153.md, configuration map).
    readCounter: commandApdu(ACS_CLA, 0xb3, 0, 0x38, undefined, 1),
    counterLeIsFixed: false,
    counterIndex: 0,
    fullCounter: 0xff,
    present: (code) => commandApdu(ACS_CLA, 0x20, 0, 0x01, code),
  },
};

/** User zone 0 through `FF B0 00 aa`. [ACR38x §9.3.4] */
const at88sc1608: MemoryCardApdus = {
  type: 'AT88SC1608',
  clause: 'ACR38x-CCID §9.3.4',
  selectCode: ACS_SELECT_CODE.AT88SC1608,
  chipAtr: { bytes: AT88SC1608_ATR, source: 'AT88SC1608 datasheet 0971G p12 fig. 9 (docs/cards/at88sc1608.md); datasheet, not seen through a reader' },
  read: (address, length) => commandApdu(ACS_CLA, 0xb0, 0, address, undefined, length),
  knownContent: {
    read: commandApdu(ACS_CLA, 0xb1, 0, 0, undefined, 4),
    bytes: AT88SC1608_ATR,
    what: 'configuration bytes $00-$03, the ATR register',
    source: 'docs/cards/at88sc1608.md: ATR 2C AA 55 A0 from datasheet 0971G fig. 9, its place at $00-$03 UNVERIFIED',
    placeVerified: false,
  },
  write: {
    command: (address, data) => commandApdu(ACS_CLA, 0xd0, 0, address, data),
    freeAddress: 0x10,
    needsCode: false,
    accessRegister: { read: commandApdu(ACS_CLA, 0xb1, 0, 0x10, undefined, 1), source: 'AR0 at configuration $10 (docs/cards/at88sc1608.md, UNVERIFIED)' },
  },
  code: {
    name: 'secure code (Write 7 password)',
    length: 3,
    // PAC_W of set 7 at $40 + 8·7 in the configuration zone (docs/cards/at88sc1608.md, configuration map).
    readCounter: commandApdu(ACS_CLA, 0xb1, 0, 0x78, undefined, 1),
    counterLeIsFixed: false,
    counterIndex: 0,
    fullCounter: 0xff,
    // VERIFY_PASSWORD `FF 20 00 00 04 RP pw`, RP 07 = the secure code [ACR38x §9.3.4.4].
    present: (code) => commandApdu(ACS_CLA, 0x20, 0, 0, Uint8Array.of(0x07, ...code)),
  },
};

/**
 * ACR38x-CCID §9.3.9 (AT88SC101/102/1003), the 1604 by the extended code 0A: bytes on the wire are
 * bit-reversed and VERIFY answers 90 00 right or wrong (docs/cards/at88sc102.md "Through a reader"),
 * so the suite checks select, read and the attempts counter (SCAC) only; writes need the security
 * code and a zone map of their own.
 */
const at88sc102: MemoryCardApdus = {
  type: 'AT88SC102',
  clause: 'ACR38x-CCID §9.3.9',
  selectCode: ACS_SELECT_CODE.AT88SC102,
  read: (address, length) => commandApdu(ACS_CLA, 0xb0, address >> 8, address & 0xff, undefined, length),
  knownContent: {
    read: commandApdu(ACS_CLA, 0xb0, 0, 0, undefined, 2),
    // FZ 0F 0F in datasheet order; the reader sends the first bit as the LSB (§9.3.9.3), so F0 F0.
    bytes: Uint8Array.of(0xf0, 0xf0),
    what: 'the fabrication zone FZ (0F 0F, bit-reversed on the wire)',
    source: 'docs/cards/at88sc102.md memory map (FZ "Atmel, 0F 0F") and "Through a reader" (FZ reads F0 F0)',
    placeVerified: true,
  },
  counterInMemory: {
    name: 'SCAC',
    read: commandApdu(ACS_CLA, 0xb0, 0, 0x0c, undefined, 2),
    countedBits: 4,
    source: 'docs/cards/at88sc102.md: SCAC at byte 0Ch, bits 96-99 count the 4 attempts',
  },
};

/** No byte of the 1604 has a documented value (its FZ contents are stbpay's choice): no known-content check. */
const at88sc1604: MemoryCardApdus = {
  type: 'AT88SC1604',
  clause: 'ACR38x-CCID §9.3.9 with the extended card-type code 0A (libzhouyb CCID_StorageCardDevAdapter.h; docs/cards/at88sc1604.md)',
  selectCode: ACS_SELECT_CODE.AT88SC1604,
  read: at88sc102.read,
  counterInMemory: {
    name: 'SCAC',
    read: commandApdu(ACS_CLA, 0xb0, 0, 0x0c, undefined, 1),
    countedBits: 8,
    source: 'docs/cards/at88sc1604.md: SCAC at byte 00Ch, 8 attempts',
  },
};

export const MEMORY_CARD_APDUS: Readonly<Record<CardType, MemoryCardApdus>> = {
  SLE4442: sle4442,
  SLE4428: sle4428,
  AT88SC153: at88sc153,
  AT88SC1608: at88sc1608,
  AT88SC102: at88sc102,
  AT88SC1604: at88sc1604,
};

/** SELECT_CARD_TYPE `FF A4 00 00 01 tt`. [ACR38x §9.3.x.1] */
export function selectApdu(type: CardType): Uint8Array {
  return commandApdu(ACS_CLA, 0xa4, 0, 0, Uint8Array.of(MEMORY_CARD_APDUS[type].selectCode));
}
