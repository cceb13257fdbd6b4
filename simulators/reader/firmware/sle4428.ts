import type { SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { ERROR_COUNTER_ADDRESS, PSC_ADDRESS, PSC_LENGTH, SLE4428_SIZE } from '../../../src/cards/sle4428/commands.ts';
import * as driver from '../../../src/cards/sle4428/driver.ts';
import { CardLockedError, PscProcedureError, WriteRefusedError } from '../../../src/cards/sle4428/errors.ts';
import { ACS_SELECT_CODE, SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import type { FirmwareDefinition } from './card-firmware.ts';
import { expectedLength, hasData, respond, wrapSynchronousAtr, type PseudoApdu } from './pseudo-apdu.ts';
import { LEGACY_MEM_L, packProtectionBits, refusedWriteAs, SleFirmware } from './sle-shared.ts';

/** READ_PRESENTATION_ERROR_COUNTER answers EC and two bytes. [ACR38x §9.3.5.3] */
const ERROR_COUNTER_READ_LENGTH = 3;
/** READ_PROTECTION_BIT: MEM_L counts PROT bytes of 8 bits each, "maximum value is 32". [ACR38x §9.3.5.4] */
const MAX_PROTECTION_BYTES = 32;

/**
 * The reader firmware for an SLE4428 (ACR38x-CCID §9.3.5, ACR39x §8.3). Addresses are 10 bits:
 * P1 = 0000 00 A9 A8, P2 = A7..A0. Each pseudo-APDU runs the chip-level host driver
 * (src/cards/sle4428/driver.ts), whose writes are checked by reading back with the protect bits.
 */
class Sle4428Firmware extends SleFirmware {
  constructor(card: SynchronousCard) {
    super('SLE4428', card);
  }

  /** READ_MEMORY_CARD `FF B0 a9a8 a7..a0 LL` (LL 00 = 256). [ACR38x §9.3.5.2] */
  protected async readMemory(apdu: PseudoApdu): Promise<Uint8Array> {
    const length = expectedLength(apdu, () => true);
    if (length === undefined) return respond(SW.wrongLength);
    const address = addressOf(apdu, length);
    if (address === undefined) return respond(SW.wrongParameters);
    return respond(SW.ok, await driver.read(this.card, address, length));
  }

  /**
   * READ_PRESENTATION_ERROR_COUNTER `FF B1 00 00 03` → EC (FF = last verification correct, 00 =
   * locked) and the two bytes after it, the PSC as the chip shows it (00 00 until verified). [ACR38x §9.3.5.3]
   */
  protected async readErrorCounter(apdu: PseudoApdu): Promise<Uint8Array> {
    const allowed = (le: number): boolean => le === ERROR_COUNTER_READ_LENGTH || le === LEGACY_MEM_L;
    if (expectedLength(apdu, allowed) === undefined) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    return respond(SW.ok, await driver.read(this.card, ERROR_COUNTER_ADDRESS, ERROR_COUNTER_READ_LENGTH));
  }

  /**
   * READ_PROTECTION_BIT `FF B2 a9a8 a7..a0 LL` → LL PROT bytes for the 8×LL bytes from the address;
   * bit 0 of PROT1 = the first byte, 0 = protected. [ACR38x §9.3.5.4]
   */
  protected async readProtection(apdu: PseudoApdu): Promise<Uint8Array> {
    const count = expectedLength(apdu, (le) => le <= MAX_PROTECTION_BYTES);
    if (count === undefined) return respond(SW.wrongLength);
    const address = addressOf(apdu, count * 8);
    if (address === undefined) return respond(SW.wrongParameters);
    const { protectedFlags } = await driver.readWithProtect(this.card, address, count * 8);
    return respond(SW.ok, packProtectionBits(protectedFlags));
  }

  /**
   * WRITE_MEMORY_CARD `FF D0 a9a8 a7..a0 LL data` [ACR38x §9.3.5.5]; read back, 65 81 when a byte
   * did not take. The PSC reads 00 until verified, so a 00 meant for 3FE/3FF would read back "right"
   * from a card that refused it: such a byte is first written FF, which only a verified card shows.
   */
  protected async writeMemory(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    const address = addressOf(apdu, apdu.data.length);
    if (address === undefined) return respond(SW.wrongParameters);
    return refusedWriteAs(SW.memoryFailure, WriteRefusedError, async () => {
      for (const [i, value] of apdu.data.entries()) {
        if (value === 0 && isPscAddress(address + i)) await driver.write(this.card, address + i, Uint8Array.of(0xff));
      }
      await driver.write(this.card, address, apdu.data);
    });
  }

  /** WRITE_PROTECTION_MEMORY_CARD `FF D1 a9a8 a7..a0 LL data`: compare and protect each byte; 65 81 if one stays writable. [ACR38x §9.3.5.6] */
  protected async writeProtection(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu)) return respond(SW.wrongLength);
    const address = addressOf(apdu, apdu.data.length);
    if (address === undefined) return respond(SW.wrongParameters);
    return refusedWriteAs(SW.memoryFailure, WriteRefusedError, () => driver.protectWithCompare(this.card, address, apdu.data));
  }

  /**
   * PRESENT_CODE_MEMORY_CARD `FF 20 00 00 02 psc` → `90 EC` [ACR38x §9.3.5.7]: FF correct, 00 locked,
   * else failed. A locked card gets nothing presented and answers 90 00 (the manual's "00h indicates
   * the password is locked"). The reader insists on the last attempt: refusing it is the host
   * application's job. A counter the card did not decrement answers 65 81 (90 FF would read as success).
   */
  protected async presentCode(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu, PSC_LENGTH)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 0) return respond(SW.wrongParameters);
    try {
      await driver.presentPsc(this.card, apdu.data, { insist: true });
    } catch (error) {
      if (error instanceof CardLockedError) return respond(SW.ok);
      if (error instanceof PscProcedureError) return respond(SW.memoryFailure);
      throw error;
    }
    return respond(SW.ok | (await driver.readErrorCounter(this.card)));
  }

  /**
   * CHANGE_CODE `FF D2 00 01 02 psc`: ACS documents CHANGE_CODE for the SLE4442 only (ACR38x
   * §9.3.6.8); this reader also takes it for the SLE4428, writing 3FE–3FF as the SLE4442 command
   * writes its PSC. 69 85 when the card did not take the code (not presented), 65 81 when the PSC
   * bytes are write-protected and can never change.
   */
  protected async changeCode(apdu: PseudoApdu): Promise<Uint8Array> {
    if (!hasData(apdu, PSC_LENGTH)) return respond(SW.wrongLength);
    if (apdu.p1 !== 0 || apdu.p2 !== 1) return respond(SW.wrongParameters);
    const { protectedFlags } = await driver.readWithProtect(this.card, PSC_ADDRESS, PSC_LENGTH);
    if (protectedFlags.some(Boolean)) return respond(SW.memoryFailure);
    return refusedWriteAs(SW.conditionsNotSatisfied, WriteRefusedError, () => driver.changePsc(this.card, apdu.data));
  }
}

/** The 10-bit address of P1 (0000 00 A9 A8) and P2, when `length` bytes from it fit the card. */
function addressOf(apdu: PseudoApdu, length: number): number | undefined {
  if (apdu.p1 > 0x03) return undefined;
  const address = (apdu.p1 << 8) | apdu.p2;
  return address + length <= SLE4428_SIZE ? address : undefined;
}

function isPscAddress(address: number): boolean {
  return address >= PSC_ADDRESS && address < PSC_ADDRESS + PSC_LENGTH;
}

export const sle4428Firmware: FirmwareDefinition = {
  cardType: 'SLE4428',
  selectCode: ACS_SELECT_CODE.SLE4428,
  readerAtr: wrapSynchronousAtr,
  start: (card) => new Sle4428Firmware(card),
};
