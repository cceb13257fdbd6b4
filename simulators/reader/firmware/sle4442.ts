import type { SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import {
  ERROR_COUNTER_MASK,
  MAIN_MEMORY_SIZE,
  PROTECTED_AREA_SIZE,
  PROTECTION_MEMORY_SIZE,
  PSC_LENGTH,
  SECURITY_MEMORY_SIZE,
} from '../../../src/cards/sle4442/commands.ts';
import * as driver from '../../../src/cards/sle4442/driver.ts';
import { Sle4442WriteError } from '../../../src/cards/sle4442/errors.ts';
import type { FirmwareDefinition, MemoryCardFirmware } from './card-firmware.ts';
import { INS } from './sle-shared.ts';
import {
  SW,
  dispatchPseudoApdu,
  expectedLength,
  hasData,
  respond,
  selectCardType,
  wrapSynchronousAtr,
  type PseudoApdu,
  type PseudoApduHandler,
} from './pseudo-apdu.ts';

/** SELECT_CARD_TYPE code of SLE4432/4442/5532/5542. [ACR38x §9.3.6.1; ACR39x §8.4.1] */
const SLE4442_SELECT_CODE = 0x06;

/**
 * Older ACS manuals (ACR38 v1.9 §8.2.7.6, ACR38x PC/SC v6.02 §9.2.2.6.5) send READ_PRESENTATION_
 * ERROR_COUNTER with MEM_L 00, the CCID manuals with 04; the reader takes both and answers 4 bytes.
 */
const LEGACY_MEM_L = 256;

/**
 * The reader firmware for an SLE4442 (ACR38x-CCID §9.3.6, ACR39x §8.4): each pseudo-APDU runs the
 * chip-level host driver (src/cards/sle4442/driver.ts), whose writes are checked by reading back.
 */
class Sle4442Firmware implements MemoryCardFirmware {
  readonly cardType = 'SLE4442' as const;
  readonly selectCode = SLE4442_SELECT_CODE;
  private readonly handlers: Readonly<Record<number, PseudoApduHandler>>;

  constructor(private readonly card: SynchronousCard) {
    this.handlers = {
      [INS.selectCardType]: (apdu) => selectCardType(apdu, this.selectCode, this.card),
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

  /** READ_MEMORY_CARD `FF B0 00 aa LL` → LL main bytes from aa (LL 00 = 256). [ACR38x §9.3.6.2] */
  private async readMemory(apdu: PseudoApdu): Promise<Uint8Array> {
    const length = expectedLength(apdu, () => true);
    if (length === undefined) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 + length > MAIN_MEMORY_SIZE) return respond(SW.wrongParameters);
    return respond(SW.ok, await driver.readMain(this.card, apdu.p2, length));
  }

  /** READ_PRESENTATION_ERROR_COUNTER `FF B1 00 00 04` → EC and the 3 bytes after it in security memory. [ACR38x §9.3.6.3] */
  private async readErrorCounter(apdu: PseudoApdu): Promise<Uint8Array> {
    if (expectedLength(apdu, (le) => le === SECURITY_MEMORY_SIZE || le === LEGACY_MEM_L) === undefined) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    const { errorCounter, psc } = await driver.readSecurity(this.card);
    return respond(SW.ok, Uint8Array.of(errorCounter, ...psc));
  }

  /** READ_PROTECTION_BITS `FF B2 00 00 04` → PROT1..PROT4, bit 0 of PROT1 = byte 0, 0 = protected. [ACR38x §9.3.6.4] */
  private async readProtection(apdu: PseudoApdu): Promise<Uint8Array> {
    if (expectedLength(apdu, (le) => le === PROTECTION_MEMORY_SIZE) === undefined) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    return respond(SW.ok, (await driver.readProtection(this.card)).bytes);
  }

  /**
   * WRITE_MEMORY_CARD `FF D0 00 aa LL data` [ACR38x §9.3.6.5]. The driver refuses before writing
   * anything when a byte to change is protected, and reads back otherwise: either way 65 81.
   */
  private async writeMemory(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 + apdu.data.length > MAIN_MEMORY_SIZE) return respond(SW.wrongParameters);
    return this.refusedWriteAs(SW.memoryFailure, () => driver.updateMain(this.card, apdu.p2, apdu.data));
  }

  /**
   * WRITE_PROTECTION_MEMORY_CARD `FF D1 00 aa LL data`, aa..aa+LL-1 within 00..1F: each byte is
   * compared with the card's and protected on a match [ACR38x §9.3.6.6]; any byte left unprotected
   * (other data, or PSC not presented) answers 65 81.
   */
  private async writeProtection(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 + apdu.data.length > PROTECTED_AREA_SIZE) return respond(SW.wrongParameters);
    return this.refusedWriteAs(SW.memoryFailure, async () => void (await driver.protect(this.card, apdu.p2, apdu.data)));
  }

  /**
   * PRESENT_CODE_MEMORY_CARD `FF 20 00 00 03 psc` → `90 EC` [ACR38x §9.3.6.7; ACR39x §8.4.7]: the
   * datasheet's procedure; SW2 = the error counter after it: 07 correct, 00 locked, else failed. On a
   * locked card the reader presents nothing and answers 90 00, as the manual's "00h indicates the
   * password is locked" says. The reader always insists on the last attempt: refusing it is the
   * host application's job. A counter that still reads 07 after a failed attempt means the card did
   * not take the counter-bit write; 90 07 would read as success, so that answers 65 81.
   */
  private async presentCode(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu, PSC_LENGTH)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    const result = await driver.presentPsc(this.card, apdu.data, { insist: true });
    if (!result.verified && result.errorCounter === ERROR_COUNTER_MASK) return respond(SW.memoryFailure);
    return respond(0x9000 | result.errorCounter);
  }

  /**
   * CHANGE_CODE_MEMORY_CARD `FF D2 00 01 03 psc` [ACR38x §9.3.6.8]: "the current secret code must
   * have been presented"; the driver finds out by reading the new code back, so 69 85 when the card
   * did not take it.
   */
  private async changeCode(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu, PSC_LENGTH)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 1) return respond(SW.wrongParameters);
    return this.refusedWriteAs(SW.conditionsNotSatisfied, () => driver.changePsc(this.card, apdu.data));
  }

  private async refusedWriteAs(sw: number, write: () => Promise<void>): Promise<Uint8Array> {
    try {
      await write();
      return respond(SW.ok);
    } catch (error) {
      if (error instanceof Sle4442WriteError) return respond(sw);
      throw error;
    }
  }
}

export const sle4442Firmware: FirmwareDefinition = {
  cardType: 'SLE4442',
  selectCode: SLE4442_SELECT_CODE,
  readerAtr: wrapSynchronousAtr,
  start: (card) => new Sle4442Firmware(card),
};
