import type { CpuCard } from '../../../src/cards/cpu/cpu-card.ts';
import type { CardContact, PoweredSession } from './contact.ts';

/**
 * A CPU card: the ATR is the card's own, and each XfrBlock's payload goes to the card as a command
 * APDU (APDU-level exchange). Under T=0 the card's 61xx / 6Cxx reach the host, which sends GET
 * RESPONSE or the corrected Le itself [ISO/IEC 7816-3 §10.3.4]. The card reports no busy time.
 */
export class CpuCardContact implements CardContact {
  readonly kind = 'cpu';

  constructor(readonly card: CpuCard) {}

  async powerOn(): Promise<PoweredSession> {
    const atr = await this.card.powerOn();
    return { atr, transmit: (apdu) => this.card.transmit(apdu), takeBusyMicros: () => 0 };
  }

  powerOff(): Promise<void> {
    return this.card.powerOff();
  }
}
