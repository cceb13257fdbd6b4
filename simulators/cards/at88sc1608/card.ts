import { VirtualClock, type Clock } from '../../../src/core/clock.ts';
import { DecodeError } from '../../../src/core/errors.ts';
import { CardMuteError, type ChipCommand, type ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { CONFIG_SIZE, WRITE_CYCLE_MICROS } from '../../../src/cards/at88sc1608/commands.ts';
import { accessRegisterAddress, passwordRegisterAddress } from '../../../src/cards/at88sc1608/config-map.ts';
import { Eeprom } from '../common/eeprom.ts';
import type { CardOptions, EmulatedCard } from '../common/emulated-card.ts';
import type { CardImage } from '../common/image.ts';
import { PowerLost, PowerLossFault } from '../common/power-loss.ts';
import { configAccess, userZoneRights, type UserRights } from './access.ts';
import { contentsToImage, type Contents } from './contents.ts';
import { rollOverSlot, type ChipCore, type Outcome, type Session } from './core.ts';
import { dispatch } from './dispatch.ts';
import { dumpCard } from './dump.ts';
import { nextPac } from './password.ts';

/**
 * The programming cycle is self-timed per page, 10 ms max for the whole page [AT88SC1608 0971H p1];
 * the emulator charges it once per command, so the per-byte cycle times given to Eeprom are 0.
 */
const PER_BYTE_TIMES = { eraseMicros: 0, writeMicros: 0 };

/** The host clocks out a whole number of bytes: anything else is a caller error, not a chip answer. */
function checkReadLength(command: ChipCommand): void {
  const { readLength } = command;
  if (readLength !== undefined && !(Number.isInteger(readLength) && readLength >= 0)) {
    throw new DecodeError(`AT88SC1608: readLength must be a whole number >= 0, got ${readLength}`, command.bytes);
  }
}

/**
 * An emulated AT88SC1608. The rule hooks (userRights, configReadable/Writable, pageSlot, nextPac)
 * are methods so that the mutation tests can break one rule at a time in a subclass.
 */
export class At88sc1608Card implements EmulatedCard, ChipCore {
  readonly type = 'AT88SC1608' as const;
  readonly faults = new PowerLossFault();
  readonly config: Eeprom;
  readonly user: Eeprom;
  readonly fuses: Eeprom;
  readonly session: Session = { zone: null, active: null };
  private powered = false;
  private busyUntil = Number.NEGATIVE_INFINITY;
  private readonly timing: boolean;
  private readonly clock: Clock;

  constructor(contents: Contents, options: CardOptions = {}) {
    this.timing = options.timing ?? true;
    this.clock = options.clock ?? new VirtualClock();
    this.config = new Eeprom(CONFIG_SIZE, this.faults, PER_BYTE_TIMES);
    this.config.load(contents.configuration);
    this.user = new Eeprom(contents.userZones.length, this.faults, PER_BYTE_TIMES);
    this.user.load(contents.userZones);
    this.fuses = new Eeprom(1, this.faults, PER_BYTE_TIMES);
    this.fuses.load(Uint8Array.of(contents.fuses));
  }

  /** [0971G p12 Fig. 9] the ATR register's four bytes, clocked out after RST. */
  private answerToReset(): Uint8Array {
    return this.config.read(0, 4);
  }

  private endSession(): void {
    this.session.zone = null;
    this.session.active = null;
  }

  async powerOn(): Promise<Uint8Array> {
    this.powered = true;
    this.busyUntil = Number.NEGATIVE_INFINITY;
    this.endSession();
    return this.answerToReset();
  }

  /** [0971G p12] "Following a RST assertion, all password and authentication access privileges are reset." */
  async reset(): Promise<Uint8Array> {
    if (!this.powered) throw new CardMuteError('AT88SC1608: RST on an unpowered card');
    this.endSession();
    return this.answerToReset();
  }

  async powerOff(): Promise<void> {
    this.powered = false;
    this.busyUntil = Number.NEGATIVE_INFINITY;
    this.endSession();
  }

  async execute(command: ChipCommand): Promise<ChipResponse> {
    if (!this.powered) throw new CardMuteError('AT88SC1608 is not powered');
    checkReadLength(command);
    // [0971G p12] during the self-timed write cycle the chip does not acknowledge its command byte.
    if (this.clock.now() < this.busyUntil) return { data: new Uint8Array(0), acknowledged: false, busyMicros: 0 };
    let outcome: Outcome;
    try {
      outcome = dispatch(this, command);
    } catch (error) {
      if (error instanceof PowerLost) await this.powerOff();
      throw error;
    }
    const busyMicros = outcome.cycle && this.timing ? WRITE_CYCLE_MICROS : 0;
    if (busyMicros > 0) this.busyUntil = this.clock.now() + busyMicros / 1000;
    return { data: outcome.data, acknowledged: outcome.acknowledged, busyMicros };
  }

  fuseByte(): number {
    return this.fuses.cells[0] ?? 0xff;
  }

  userRights(zone: number): UserRights {
    const cells = this.config.cells;
    return userZoneRights(cells[accessRegisterAddress(zone)] ?? 0xff, cells[passwordRegisterAddress(zone)] ?? 0xff, this.session.active);
  }

  configReadable(address: number): boolean {
    return configAccess(address, this.fuseByte(), this.session.active).read;
  }

  configWritable(address: number): boolean {
    return configAccess(address, this.fuseByte(), this.session.active).write;
  }

  pageSlot(address: number, index: number): number {
    return rollOverSlot(address, index);
  }

  nextPac(pac: number, correct: boolean): number {
    return nextPac(pac, correct);
  }

  contents(): Contents {
    return { configuration: this.config.read(0, CONFIG_SIZE), userZones: this.user.read(0, this.user.size), fuses: this.fuseByte() };
  }

  toImage(): CardImage {
    return contentsToImage(this.contents());
  }

  dump(): string {
    return dumpCard(this.contents(), { powered: this.powered, ...this.session });
  }
}
