import type { CardType } from '../../../src/cards/card-type.ts';
import type { SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { ACS_SELECT_CODE, SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import type { MemoryCardFirmware } from './card-firmware.ts';
import { dispatchPseudoApdu, respond, selectCardType, type PseudoApdu, type PseudoApduHandler } from './pseudo-apdu.ts';

/**
 * What the SLE44x2 and SLE44x8 firmware share: the pseudo-APDU instruction bytes (ACR38x-CCID
 * reference manual v6.04 §9.3.5/§9.3.6, ACR39x reference manual §8.3/§8.4), the PROT-byte layout,
 * and how a write the card refused is answered.
 */
export const INS = {
  selectCardType: 0xa4,
  readMemory: 0xb0,
  readErrorCounter: 0xb1,
  readProtection: 0xb2,
  writeMemory: 0xd0,
  writeProtection: 0xd1,
  presentCode: 0x20,
  changeCode: 0xd2,
} as const;

/**
 * Older ACS manuals (ACR38 v1.9 §8.2.7.6, ACR38x PC/SC v6.02 §9.2.2.5.6/§9.2.2.6.5) send
 * READ_PRESENTATION_ERROR_COUNTER with MEM_L 00 (Le 256), the CCID manuals with the answer's length;
 * the reader takes both and answers the command's own length.
 */
export const LEGACY_MEM_L = 256;

/**
 * An SLE firmware for one power session: the eight pseudo-APDUs both parts take, dispatched to the
 * part's own handling of each (SELECT_CARD_TYPE is the same for both).
 */
export abstract class SleFirmware implements MemoryCardFirmware {
  private readonly handlers: Readonly<Record<number, PseudoApduHandler>>;

  constructor(
    cardType: CardType,
    protected readonly card: SynchronousCard,
  ) {
    this.handlers = {
      [INS.selectCardType]: (apdu) => selectCardType(apdu, ACS_SELECT_CODE[cardType], card),
      [INS.readMemory]: (apdu) => this.readMemory(apdu),
      [INS.readErrorCounter]: (apdu) => this.readErrorCounter(apdu),
      [INS.readProtection]: (apdu) => this.readProtection(apdu),
      [INS.writeMemory]: (apdu) => this.writeMemory(apdu),
      [INS.writeProtection]: (apdu) => this.writeProtection(apdu),
      [INS.presentCode]: (apdu) => this.presentCode(apdu),
      [INS.changeCode]: (apdu) => this.changeCode(apdu),
    };
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    return dispatchPseudoApdu(apdu, this.handlers);
  }

  protected abstract readMemory(apdu: PseudoApdu): Promise<Uint8Array>;
  protected abstract readErrorCounter(apdu: PseudoApdu): Promise<Uint8Array>;
  protected abstract readProtection(apdu: PseudoApdu): Promise<Uint8Array>;
  protected abstract writeMemory(apdu: PseudoApdu): Promise<Uint8Array>;
  protected abstract writeProtection(apdu: PseudoApdu): Promise<Uint8Array>;
  protected abstract presentCode(apdu: PseudoApdu): Promise<Uint8Array>;
  protected abstract changeCode(apdu: PseudoApdu): Promise<Uint8Array>;
}

/** The error class a part's driver throws for a write the card did not take (it checks by reading back). */
export type WriteRefusal = abstract new (...args: never[]) => Error;

/** 90 00 when `write` went through, `sw` when the driver found the card did not take it; anything else propagates. */
export async function refusedWriteAs(sw: number, refusal: WriteRefusal, write: () => Promise<void>): Promise<Uint8Array> {
  try {
    await write();
    return respond(SW.ok);
  } catch (error) {
    if (error instanceof refusal) return respond(sw);
    throw error;
  }
}

/** Protect flags (true = protected) packed as ACS PROT bytes: bit 0 of PROT1 = first byte, 0 = protected. */
export function packProtectionBits(protectedFlags: readonly boolean[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(protectedFlags.length / 8)).fill(0xff);
  protectedFlags.forEach((isProtected, i) => {
    if (isProtected) out[i >> 3]! &= ~(1 << (i & 7));
  });
  return out;
}
