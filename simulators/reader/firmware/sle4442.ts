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
import { ACS_SELECT_CODE, SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import type { FirmwareDefinition } from './card-firmware.ts';
import { expectedLength, hasData, respond, wrapSynchronousAtr, type PseudoApdu } from './pseudo-apdu.ts';
import { LEGACY_MEM_L, refusedWriteAs, SleFirmware } from './sle-shared.ts';

/**
 * The reader firmware for an SLE4442 (ACR38x-CCID §9.3.6, ACR39x §8.4): each pseudo-APDU runs the
 * chip-level host driver (src/cards/sle4442/driver.ts), whose writes are checked by reading back.
 */
class Sle4442Firmware extends SleFirmware {
  constructor(card: SynchronousCard) {
    super('SLE4442', card);
  }

  /** READ_MEMORY_CARD `FF B0 00 aa LL` → LL main bytes from aa (LL 00 = 256). [ACR38x §9.3.6.2] */
  protected async readMemory(apdu: PseudoApdu): Promise<Uint8Array> {
    const length = expectedLength(apdu, () => true);
    if (length === undefined) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 + length > MAIN_MEMORY_SIZE) return respond(SW.wrongParameters);
    return respond(SW.ok, await driver.readMain(this.card, apdu.p2, length));
  }

  /** READ_PRESENTATION_ERROR_COUNTER `FF B1 00 00 04` → EC and the 3 bytes after it in security memory. [ACR38x §9.3.6.3] */
  protected async readErrorCounter(apdu: PseudoApdu): Promise<Uint8Array> {
    if (expectedLength(apdu, (le) => le === SECURITY_MEMORY_SIZE || le === LEGACY_MEM_L) === undefined) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    const { errorCounter, psc } = await driver.readSecurity(this.card);
    return respond(SW.ok, Uint8Array.of(errorCounter, ...psc));
  }

  /** READ_PROTECTION_BITS `FF B2 00 00 04` → PROT1..PROT4, bit 0 of PROT1 = byte 0, 0 = protected. [ACR38x §9.3.6.4] */
  protected async readProtection(apdu: PseudoApdu): Promise<Uint8Array> {
    if (expectedLength(apdu, (le) => le === PROTECTION_MEMORY_SIZE) === undefined) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    return respond(SW.ok, (await driver.readProtection(this.card)).bytes);
  }

  /**
   * WRITE_MEMORY_CARD `FF D0 00 aa LL data` [ACR38x §9.3.6.5]. The driver refuses before writing
   * anything when a byte to change is protected, and reads back otherwise: either way 65 81.
   */
  protected async writeMemory(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 + apdu.data.length > MAIN_MEMORY_SIZE) return respond(SW.wrongParameters);
    return refusedWriteAs(SW.memoryFailure, Sle4442WriteError, () => driver.updateMain(this.card, apdu.p2, apdu.data));
  }

  /**
   * WRITE_PROTECTION_MEMORY_CARD `FF D1 00 aa LL data`, aa..aa+LL-1 within 00..1F: each byte is
   * compared with the card's and protected on a match [ACR38x §9.3.6.6]; any byte left unprotected
   * (other data, or PSC not presented) answers 65 81.
   */
  protected async writeProtection(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 + apdu.data.length > PROTECTED_AREA_SIZE) return respond(SW.wrongParameters);
    return refusedWriteAs(SW.memoryFailure, Sle4442WriteError, async () => void (await driver.protect(this.card, apdu.p2, apdu.data)));
  }

  /**
   * PRESENT_CODE_MEMORY_CARD `FF 20 00 00 03 psc` → `90 EC` [ACR38x §9.3.6.7; ACR39x §8.4.7]: the
   * datasheet's procedure; SW2 = the error counter after it: 07 correct, 00 locked, else failed. On a
   * locked card the reader presents nothing and answers 90 00, as the manual's "00h indicates the
   * password is locked" says. The reader always insists on the last attempt: refusing it is the
   * host application's job. A counter that still reads 07 after a failed attempt means the card did
   * not take the counter-bit write; 90 07 would read as success, so that answers 65 81.
   */
  protected async presentCode(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu, PSC_LENGTH)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    const result = await driver.presentPsc(this.card, apdu.data, { insist: true });
    if (!result.verified && result.errorCounter === ERROR_COUNTER_MASK) return respond(SW.memoryFailure);
    return respond(SW.ok | result.errorCounter);
  }

  /**
   * CHANGE_CODE_MEMORY_CARD `FF D2 00 01 03 psc` [ACR38x §9.3.6.8]: "the current secret code must
   * have been presented"; the driver finds out by reading the new code back, so 69 85 when the card
   * did not take it.
   */
  protected async changeCode(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu, PSC_LENGTH)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 1) return respond(SW.wrongParameters);
    return refusedWriteAs(SW.conditionsNotSatisfied, Sle4442WriteError, () => driver.changePsc(this.card, apdu.data));
  }

}

export const sle4442Firmware: FirmwareDefinition = {
  cardType: 'SLE4442',
  selectCode: ACS_SELECT_CODE.SLE4442,
  readerAtr: wrapSynchronousAtr,
  start: (card) => new Sle4442Firmware(card),
};
