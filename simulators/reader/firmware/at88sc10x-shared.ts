import { systemClock, type Clock } from '../../../src/core/clock.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import type { ChipCommand, SynchronousCard } from '../../../src/cards/synchronous-card.ts';
import { bitOf, presentCode, readField, send, spendAttempt, type CounterSpec } from '../../../src/cards/at88sc102/driver-core.ts';
import { ChipNackError, CodeLockedError } from '../../../src/cards/at88sc102/errors.ts';
import { blowFuse, compareCode, eraseAt, eraseZone, inField, readBits, writeBits, type BitField } from '../../../src/cards/at88sc102/family.ts';
import { acsBitOrder } from '../../../src/reader/memory/at88sc10x-wire.ts';
import { ACS_SELECT_CODE, SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import type { FirmwareDefinition, MemoryCardFirmware } from './card-firmware.ts';
import { dispatchPseudoApdu, respond, selectCardType, type PseudoApdu, type PseudoApduHandler } from './pseudo-apdu.ts';

/** One code the reader presents with `FF 20 P1 P2 Lc code`. */
export interface CodePresentation {
  readonly p1: number;
  readonly p2: number;
  readonly code: BitField;
  /** The attempts counter paid before the validation erase; none for codes the chip compares freely. */
  readonly counter?: CounterSpec;
  /** The application zone the erase pulse after a matching key erases (AT88SC102 ERASE_APPLICATION_ZONE_*). */
  readonly erasesZone?: { readonly zone: number; readonly field: BitField };
}

/** What the family firmware needs to know about one part. */
export interface At88FirmwareProfile {
  readonly cardType: CardType;
  readonly memoryBytes: number;
  /** Erase unit of ERASE (a 16-bit word on the AT88SC102, a byte on the AT88SC1604). */
  readonly eraseUnitBytes: number;
  readonly presentations: readonly CodePresentation[];
  readonly fuses: readonly BitField[];
  /** Blown = security level 2. */
  readonly issuerFuse: BitField;
  /** Fields the host may write in security level 2 but never read back there: writes to them cannot be verified. */
  readonly hiddenInLevel2: readonly BitField[];
  /** FUS and RST pin states under which BLOWN_FUSE programs a fuse of this part. */
  readonly fusePins: { readonly fus: number; readonly rst: number };
}

const INS = { select: 0xa4, read: 0xb0, write: 0xd0, erase: 0xd2, present: 0x20, blowFuse: 0x05 } as const;

/** The firmware of one family part, started for a power session. */
class At88Firmware implements MemoryCardFirmware {
  private readonly handlers: Readonly<Record<number, PseudoApduHandler>>;

  constructor(
    private readonly profile: At88FirmwareProfile,
    private readonly card: SynchronousCard,
    private readonly clock: Clock,
  ) {
    this.handlers = {
      [INS.select]: (apdu) => selectCardType(apdu, ACS_SELECT_CODE[profile.cardType], this.card),
      [INS.read]: (apdu) => this.read(apdu),
      [INS.write]: (apdu) => this.write(apdu),
      [INS.erase]: (apdu) => this.erase(apdu),
      [INS.present]: (apdu) => this.present(apdu),
      [INS.blowFuse]: (apdu) => this.blowFuse(apdu),
    };
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    try {
      return await dispatchPseudoApdu(apdu, this.handlers);
    } catch (error) {
      // The chip NACKs only malformed commands (never sent) or commands inside a programming cycle.
      if (error instanceof ChipNackError) return respond(SW.noPreciseDiagnosis);
      if (error instanceof CodeLockedError) return respond(SW.noMoreRetries);
      throw error;
    }
  }

  /** READ_MEMORY_CARD `FF B0 AH AL Le`: Le bytes from byte address A, sent LSB first [ACR38x §9.3.9.2–3]. */
  private async read(a: PseudoApdu): Promise<Uint8Array> {
    if (a.le === undefined) return respond(SW.wrongLength);
    const address = byteAddress(a);
    const refused = this.checkRange(address, a.le);
    if (refused) return refused;
    const data = (await this.send(readBits(address * 8, a.le))).data;
    return respond(SW.ok, acsBitOrder(data));
  }

  /** WRITE_MEMORY_CARD `FF D0 AH AL Lc D…`: clears the 0 bits of D; verified by read-back where the host may read. */
  private async write(a: PseudoApdu): Promise<Uint8Array> {
    if (a.data.length === 0) return respond(SW.wrongLength);
    const address = byteAddress(a);
    const refused = this.checkRange(address, a.data.length);
    if (refused) return refused;
    const wanted = acsBitOrder(a.data);
    const back = (await this.send(writeBits(address * 8, wanted))).data;
    const unverifiable = await this.unverifiableBytes(address, wanted.length);
    const missed = wanted.some((bits, i) => !unverifiable.has(address + i) && ((back[i] ?? 0xff) & ~bits & 0xff) !== 0);
    return respond(missed ? SW.memoryFailure : SW.ok);
  }

  /**
   * ERASE_NON_APPLICATION_ZONE `FF D2 AH AL 00` [ACR38x §9.3.9.4]: one erase pulse on the erase unit
   * holding byte A. Five bytes, so the fifth is MEM_L, not an Le: 00 is ACS's only value; 01–FF
   * (stbpay's extension, as libzhouyb's EraseMemory(adr, len) sends it) erases every unit that bytes
   * A … A+MEM_L−1 touch. A unit that does not read back FF was not erased: 65 81. Parsed as case 2,
   * MEM_L 00 arrives as Le 256.
   */
  private async erase(a: PseudoApdu): Promise<Uint8Array> {
    if (a.le === undefined) return respond(SW.wrongLength);
    const address = byteAddress(a);
    const count = a.le === 256 ? 1 : a.le;
    const refused = this.checkRange(address, count);
    if (refused) return refused;
    const unit = this.profile.eraseUnitBytes;
    for (let start = address - (address % unit); start < address + count; start += unit) {
      const back = (await this.send(eraseAt(start * 8))).data;
      if (back.some((b) => b !== 0xff)) return respond(SW.memoryFailure);
    }
    return respond(SW.ok);
  }

  /**
   * `FF 20 P1 P2 Lc code` [ACR38x §9.3.9.5–7]: present a code (compare, write a 1 bit of its counter
   * to 0, erase the counter), or an erase key followed by the zone-erase pulse. The reader presents
   * even at the last attempt: refusing is the host application's job (src/reader/memory/).
   */
  private async present(a: PseudoApdu): Promise<Uint8Array> {
    if (a.data.length === 0) return respond(SW.wrongLength);
    const target = this.profile.presentations.find((p) => p.p1 === a.p1 && p.p2 === a.p2);
    if (!target) return respond(SW.wrongParameters);
    if (a.data.length * 8 !== target.code.bits) return respond(SW.wrongLength);
    const code = acsBitOrder(a.data);
    const options = { insist: true, clock: this.clock };
    if (!target.erasesZone) {
      if (target.counter) await presentCode(this.card, target.code, target.counter, code, options);
      else await this.send(compareCode(target.code.start, code));
      // ACS answers 90 00 whether the code was right or not: the host reads the counter back.
      return respond(SW.ok);
    }
    if (target.counter) await spendAttempt(this.card, target.code, target.counter, code, options);
    else await this.send(compareCode(target.code.start, code));
    await this.send(eraseZone(target.erasesZone.zone));
    // A zone hidden from the host reads FF whatever happened; a visible one shows a wrong key.
    const zone = await readField(this.card, target.erasesZone.field);
    return respond(zone.every((b) => b === 0xff) ? SW.ok : SW.memoryFailure);
  }

  /**
   * BLOWN_FUSE `FF 05 00 00 04 AH AL FUS RST` [ACR38x §9.3.9.8]: A is the fuse's bit address. With
   * other pin states than the part needs the pulse cannot program the fuse, so none is given; the
   * fuse is read back either way.
   */
  private async blowFuse(a: PseudoApdu): Promise<Uint8Array> {
    if (a.data.length !== 4) return respond(SW.wrongLength);
    if (a.p1 !== 0 || a.p2 !== 0) return respond(SW.wrongParameters);
    const [high, low, fus, rst] = [a.data[0]!, a.data[1]!, a.data[2]!, a.data[3]!];
    const bit = (high << 8) | low;
    if (!this.profile.fuses.some((fuse) => inField(fuse, bit))) return respond(SW.wrongParameters);
    if (fus === this.profile.fusePins.fus && rst === this.profile.fusePins.rst) await this.send(blowFuse(bit));
    return respond((await this.bitAt(bit)) === 0 ? SW.ok : SW.memoryFailure);
  }

  /** 6B 00 when the bytes run past the card's end, as every memory-card firmware answers it (acs-pseudo-apdu.ts SW). */
  private checkRange(address: number, count: number): Uint8Array | undefined {
    return address + count > this.profile.memoryBytes ? respond(SW.wrongParameters) : undefined;
  }

  /** Bytes of `address … +count` the host may have written but cannot read back (hidden fields in security level 2). */
  private async unverifiableBytes(address: number, count: number): Promise<Set<number>> {
    const hidden = new Set<number>();
    const touched = this.profile.hiddenInLevel2.filter((f) => f.start / 8 < address + count && (f.start + f.bits) / 8 > address);
    if (touched.length === 0 || (await this.bitAt(this.profile.issuerFuse.start)) === 1) return hidden;
    for (const field of touched) for (let b = field.start / 8; b < (field.start + field.bits) / 8; b++) hidden.add(b);
    return hidden;
  }

  private async bitAt(bit: number): Promise<number> {
    return bitOf((await this.send(readBits(bit - (bit % 8), 1))).data, bit % 8);
  }

  private send(command: ChipCommand): ReturnType<typeof send> {
    return send(this.card, command, { clock: this.clock });
  }
}

function byteAddress(a: PseudoApdu): number {
  return (a.p1 << 8) | a.p2;
}

/**
 * The reader's ATR for a card of this family. These parts answer nothing at reset (the emulators'
 * powerOn gives no bytes); the reader still wraps four bytes as `3B 04 …` so PC/SC can connect the
 * card, and where the chip gave none it reports FF (an I/O line left high).
 */
function familyReaderAtr(chipAtr: Uint8Array): Uint8Array {
  const historical = new Uint8Array(4).fill(0xff);
  historical.set(chipAtr.slice(0, 4));
  return Uint8Array.of(0x3b, 0x04, ...historical);
}

/**
 * The firmware definition of one family part. `start(card, clock)`: `clock` is where the reader waits
 * out each programming cycle (tCHP, the `busyMicros` the chip reports); it must be the clock the card
 * measures its cycles on. Without one the firmware waits in real time, as a real reader does; cards
 * created with `timing: false` never make it wait.
 */
export function at88FamilyFirmware(profile: At88FirmwareProfile): FirmwareDefinition {
  return {
    cardType: profile.cardType,
    selectCode: ACS_SELECT_CODE[profile.cardType],
    readerAtr: familyReaderAtr,
    start: (card: SynchronousCard, clock: Clock = systemClock) => new At88Firmware(profile, card, clock),
  };
}
