import type { ChipCommand, ChipResponse } from '../../../src/cards/synchronous-card.ts';
import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import type { CycleTimes } from '../common/eeprom.ts';
import type { CardImage } from '../common/image.ts';
import type { CardOptions, EmulatedCard } from '../common/emulated-card.ts';
import { PowerLossFault, PowerLost, type CardFaults } from '../common/power-loss.ts';
import { Sle4428Chip } from './chip.ts';
import { dumpSle4428, sle4428ToImage } from './image.ts';
import { Sle4428Memory } from './memory.ts';

/**
 * Erase and write cycles of 5 ms each: the datasheet gives 5 ms programming time and 203 clock
 * pulses for erase + write, 103 for write only or erase only, at f < 20 kHz (100 clocks = 5 ms; the
 * 3 extra clocks are the command turnaround) [IS23SC4428 Features; "Write/Erase data byte"].
 */
export const SLE4428_CYCLE_TIMES: CycleTimes = { eraseMicros: 5000, writeMicros: 5000 };
const NO_TIME: CycleTimes = { eraseMicros: 0, writeMicros: 0 };

/** Contents to build a card from: 1024 data bytes and 128 protection bytes (bit = 1: writable). */
export interface Sle4428Contents {
  readonly memory: Uint8Array;
  readonly protection: Uint8Array;
}

export type ChipFactory = (memory: Sle4428Memory) => Sle4428Chip;

/**
 * An emulated SLE4428: power, resets and fault handling around the chip. The SLE4428 is not
 * self-timed (the host clocks the processing phase), so there is no busy state to refuse commands
 * in; busyMicros reports the processing time the host has to clock.
 */
export class Sle4428Card implements EmulatedCard {
  readonly type = 'SLE4428' as const;
  private readonly fault = new PowerLossFault();
  private readonly chip: Sle4428Chip;
  private powered = false;

  constructor(contents: Sle4428Contents, options: CardOptions = {}, chipFactory: ChipFactory = (m) => new Sle4428Chip(m)) {
    const memory = new Sle4428Memory(this.fault, options.timing === false ? NO_TIME : SLE4428_CYCLE_TIMES);
    memory.main.load(contents.memory);
    memory.protection.load(contents.protection);
    this.chip = chipFactory(memory);
  }

  get faults(): CardFaults {
    return this.fault;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  /** Cold reset: a new session (nothing verified), ATR = bytes 0..3 [cards_readers §1.2]. */
  async powerOn(): Promise<Uint8Array> {
    this.chip.session.powerOff();
    this.powered = true;
    return this.atr();
  }

  /** Warm reset: ends the command in progress, keeps a verified PSC (see PscSession). */
  async reset(): Promise<Uint8Array> {
    this.requirePower();
    this.chip.session.reset();
    return this.atr();
  }

  async powerOff(): Promise<void> {
    this.powered = false;
    this.chip.session.powerOff();
  }

  async execute(command: ChipCommand): Promise<ChipResponse> {
    this.requirePower();
    try {
      return this.chip.execute(command);
    } catch (error) {
      if (error instanceof PowerLost) await this.powerOff();
      throw error;
    }
  }

  toImage(): CardImage {
    return sle4428ToImage(this.chip.memory);
  }

  dump(): string {
    return dumpSle4428(this.chip.memory, { powered: this.powered, verified: this.chip.session.verified });
  }

  private atr(): Uint8Array {
    return this.chip.memory.main.read(0, 4);
  }

  private requirePower(): void {
    if (!this.powered) throw new CardMuteError('SLE4428 is not powered');
  }
}
