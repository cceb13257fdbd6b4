import { VirtualClock, type Clock } from '../../../src/core/clock.ts';
import { DecodeError } from '../../../src/core/errors.ts';
import { CONFIG, WRITE_CYCLE_MICROS } from '../../../src/cards/at88sc153/commands.ts';
import { CardMuteError, type ChipCommand, type ChipResponse } from '../../../src/cards/synchronous-card.ts';
import type { CycleTimes } from '../common/eeprom.ts';
import type { CardOptions, EmulatedCard } from '../common/emulated-card.ts';
import type { CardImage } from '../common/image.ts';
import { PowerLossFault, PowerLost, type CardFaults } from '../common/power-loss.ts';
import { At88sc153Chip } from './chip.ts';
import { dumpAt88sc153 } from './dump.ts';
import { at88sc153ToImage } from './image.ts';
import { At88sc153Memory, type At88sc153Contents } from './memory.ts';

/**
 * The chip's cycle is self-timed, 10 ms max for a whole page [1016 Features], so the card reports
 * one page cycle per write command rather than the per-cell sum of the shared Eeprom.
 */
const CELL_TIMES: CycleTimes = { eraseMicros: WRITE_CYCLE_MICROS / 2, writeMicros: WRITE_CYCLE_MICROS / 2 };

export type ChipFactory = (memory: At88sc153Memory) => At88sc153Chip;

/**
 * An emulated AT88SC153: power, RST, the self-timed write cycle (NACK while it runs, measured on
 * the card's clock) and power-loss faults around the chip logic.
 */
export class At88sc153Card implements EmulatedCard {
  readonly type = 'AT88SC153' as const;
  private readonly fault = new PowerLossFault();
  private readonly chip: At88sc153Chip;
  private readonly clock: Clock;
  private readonly timing: boolean;
  private powered = false;
  private busyUntil = Number.NEGATIVE_INFINITY;

  constructor(contents: At88sc153Contents, options: CardOptions = {}, chipFactory: ChipFactory = (m) => new At88sc153Chip(m)) {
    this.chip = chipFactory(new At88sc153Memory(contents, this.fault, CELL_TIMES));
    this.clock = options.clock ?? new VirtualClock();
    this.timing = options.timing !== false;
  }

  get faults(): CardFaults {
    return this.fault;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  /** Cold reset: a new session, nothing verified; ATR = configuration bytes $00..$03 [1016 p12]. */
  async powerOn(): Promise<Uint8Array> {
    this.chip.session.clear();
    this.powered = true;
    this.busyUntil = Number.NEGATIVE_INFINITY;
    return this.atr();
  }

  /** RST drops every password and authentication privilege [1016 p9; AT88SC1608 p12]. */
  async reset(): Promise<Uint8Array> {
    this.requirePower();
    this.chip.session.clear();
    return this.atr();
  }

  async powerOff(): Promise<void> {
    this.powered = false;
    this.chip.session.clear();
  }

  async execute(command: ChipCommand): Promise<ChipResponse> {
    this.requirePower();
    const { readLength } = command;
    if (readLength !== undefined && !(Number.isInteger(readLength) && readLength >= 0)) {
      throw new DecodeError(`AT88SC153: readLength must be a whole number >= 0, got ${readLength}`, command.bytes);
    }
    const now = this.clock.now();
    // while the write cycle runs the chip does not acknowledge anything [1016 p12 "ACK polling"]
    if (this.timing && now < this.busyUntil) return { data: new Uint8Array(0), acknowledged: false, busyMicros: 0 };
    let result;
    try {
      result = this.chip.execute(command.bytes, command.readLength);
    } catch (error) {
      if (error instanceof PowerLost) await this.powerOff();
      throw error;
    }
    const busyMicros = this.timing && result.writeCycle ? WRITE_CYCLE_MICROS : 0;
    if (busyMicros > 0) this.busyUntil = now + busyMicros / 1000;
    return { data: result.data, acknowledged: result.acknowledged, busyMicros };
  }

  toImage(): CardImage {
    return at88sc153ToImage(this.chip.memory.contents());
  }

  dump(): string {
    return dumpAt88sc153(this.chip.memory.contents(), this.chip.session);
  }

  private atr(): Uint8Array {
    return this.chip.memory.config.read(CONFIG.answerToReset, 4);
  }

  private requirePower(): void {
    if (!this.powered) throw new CardMuteError('AT88SC153 is not powered');
  }
}
