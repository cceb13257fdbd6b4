import type { Clock } from '../../../src/core/clock.ts';
import type { CycleTimes } from '../common/eeprom.ts';

/**
 * The self-timed write cycle of both parts: a command that programs the EEPROM starts one cycle,
 * 10 ms max for the whole page [1016 Features; 0971H p1], during which the chip acknowledges
 * nothing [1016 p12, 0971G p12 "ACK polling"]. The cycle is measured on the card's clock; with the
 * timing model off it takes no time.
 *
 * The cycle runs on the card's supply, so it cannot outlive it: power-off (or power lost in the
 * middle of a command) ends it, and a card powered on again starts with no cycle pending. Neither
 * datasheet found has a sentence on a cycle across power-off; the family's documents do: a power
 * loss "interrupts" the write cycle, and only parts with anti-tearing do anything about it at the
 * next power-up (a recovery the host must ACK-poll for) [CryptoMemory 8664C §6.2.4 "Anti-tearing
 * (Power Loss Protection)"]. The AT88SC153/1608 have no anti-tearing, so nothing is pending at
 * power-on. RST is not a power event and does not end a cycle.
 */
export class SelfTimedWriteCycle {
  private endsAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly timing: boolean,
    /** Length of one cycle, µs. */
    readonly micros: number,
  ) {}

  /** True while a cycle started earlier has not yet run its course on the clock. */
  get running(): boolean {
    return this.timing && this.clock.now() < this.endsAt;
  }

  /** Starts a cycle now; returns the busy time to report, µs (0 with the timing model off). */
  start(): number {
    if (!this.timing) return 0;
    this.endsAt = this.clock.now() + this.micros / 1000;
    return this.micros;
  }

  /** The supply is gone (power-off, power loss) or freshly applied: no cycle is running. */
  end(): void {
    this.endsAt = Number.NEGATIVE_INFINITY;
  }
}

/**
 * Per-cell cycle times to give the Eeprom of a page-cycle part: the cycle is charged once per
 * command by SelfTimedWriteCycle, so the cells themselves cost nothing.
 */
export const CELLS_IN_PAGE_CYCLE: CycleTimes = { eraseMicros: 0, writeMicros: 0 };
