import { VirtualClock } from '../../../src/core/clock.ts';
import { DecodeError } from '../../../src/core/errors.ts';
import type { CardType } from '../../../src/cards/card-type.ts';
import { CardMuteError, type ChipCommand, type ChipResponse } from '../../../src/cards/synchronous-card.ts';
import type { CardOptions, EmulatedCard } from '../common/emulated-card.ts';
import type { CardImage } from '../common/image.ts';
import { PowerLossFault, PowerLost } from '../common/power-loss.ts';
import type { Outcome } from './outcome.ts';
import { SelfTimedWriteCycle } from './write-cycle.ts';

const BUSY: ChipResponse = { data: new Uint8Array(0), acknowledged: false, busyMicros: 0 };

/**
 * What an AT88SC153 and an AT88SC1608 card do around their chip logic, alike: power, RST, the
 * self-timed write cycle (NACK to everything while it runs) and power-loss faults. A part supplies
 * its chip logic (`runChip`), its volatile session (`endSession`) and its answer to reset.
 */
export abstract class TwoWireSecureMemoryCard implements EmulatedCard {
  abstract readonly type: CardType;
  readonly faults = new PowerLossFault();
  private readonly cycle: SelfTimedWriteCycle;
  private powered = false;

  protected constructor(options: CardOptions, cycleMicros: number) {
    this.cycle = new SelfTimedWriteCycle(options.clock ?? new VirtualClock(), options.timing ?? true, cycleMicros);
  }

  get isPowered(): boolean {
    return this.powered;
  }

  /** Cold reset: a new session, no write cycle running; the ATR as the chip clocks it out. */
  async powerOn(): Promise<Uint8Array> {
    this.powered = true;
    this.cycle.end();
    this.endSession();
    return this.answerToReset();
  }

  /** RST drops every password and authentication privilege [1016 p9; 0971G p12]; a running cycle goes on. */
  async reset(): Promise<Uint8Array> {
    this.requirePower();
    this.endSession();
    return this.answerToReset();
  }

  /** The session and any running write cycle die with the supply (write-cycle.ts). */
  async powerOff(): Promise<void> {
    this.powered = false;
    this.cycle.end();
    this.endSession();
  }

  async execute(command: ChipCommand): Promise<ChipResponse> {
    this.requirePower();
    const { readLength } = command;
    // the host clocks out a whole number of bytes: anything else is a caller error, not a chip answer
    if (readLength !== undefined && !(Number.isInteger(readLength) && readLength >= 0)) {
      throw new DecodeError(`${this.type}: readLength must be a whole number >= 0, got ${readLength}`, command.bytes);
    }
    if (this.cycle.running) return BUSY;
    let outcome: Outcome;
    try {
      outcome = this.runChip(command);
    } catch (error) {
      if (error instanceof PowerLost) await this.powerOff();
      throw error;
    }
    const busyMicros = outcome.writeCycle ? this.cycle.start() : 0;
    return { data: outcome.data, acknowledged: outcome.acknowledged, busyMicros };
  }

  abstract toImage(): CardImage;
  abstract dump(): string;

  /** The chip logic: decode, check rights, program the EEPROM. Throws PowerLost when the fault strikes. */
  protected abstract runChip(command: ChipCommand): Outcome;
  /** Forgets the volatile session (verified password, pending pass, selected zone). */
  protected abstract endSession(): void;
  /** The four ATR bytes, read from the configuration zone. */
  protected abstract answerToReset(): Uint8Array;

  private requirePower(): void {
    if (!this.powered) throw new CardMuteError(`${this.type} is not powered`);
  }
}
