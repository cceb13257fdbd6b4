import { CardMuteError } from '../../../src/cards/synchronous-card.ts';
import { SW } from '../../../src/reader/memory/acs-pseudo-apdu.ts';
import { respond } from '../firmware/pseudo-apdu.ts';
import { VPCD_CONTROL } from './framing.ts';
import type { VpcdSlot } from './slot.ts';

/** What to do with one message from vpcd: send `answer`, send nothing, or drop the connection. */
export type VpcdReply = { readonly kind: 'answer'; readonly answer: Uint8Array } | { readonly kind: 'silent' } | { readonly kind: 'card-gone' };

const SILENT: VpcdReply = { kind: 'silent' };
const CARD_GONE: VpcdReply = { kind: 'card-gone' };

/**
 * The vicc side of one vpcd connection: one card in one slot, for as long as it stays inserted.
 * vpcd treats a closed connection as "card removed" (vpcd.c vicc_present), so once the slot holds
 * another card or none, every message answers `card-gone` and the connection must be closed.
 */
export class VpcdCardSession {
  /** The last ATR the slot reported for this card; vpcd asks for it on every presence poll. */
  private atr: Uint8Array | undefined;

  constructor(
    private readonly slot: VpcdSlot,
    readonly card: object,
  ) {}

  get inserted(): boolean {
    return this.slot.card === this.card;
  }

  async reply(message: Uint8Array): Promise<VpcdReply> {
    if (!this.inserted) return CARD_GONE;
    try {
      return message.length === 1 ? await this.control(message[0]!) : await this.apdu(message);
    } catch (error) {
      // The card went away between the check above and the slot's answer.
      if (error instanceof CardMuteError && !this.inserted) return CARD_GONE;
      throw error;
    }
  }

  private async control(code: number): Promise<VpcdReply> {
    switch (code) {
      case VPCD_CONTROL.powerOff:
        await this.slot.powerOff();
        return SILENT;
      case VPCD_CONTROL.powerOn:
        this.atr = await this.slot.powerOn();
        return SILENT;
      case VPCD_CONTROL.reset:
        // The slot offers no warm reset, so a reset is a power cycle: volatile card state (a
        // presented PSC) is lost, as after SCardReconnect(SCARD_UNPOWER_CARD).
        await this.slot.powerOff();
        this.atr = await this.slot.powerOn();
        return SILENT;
      case VPCD_CONTROL.getAtr:
        return { kind: 'answer', answer: await this.currentAtr() };
      default:
        // vpcd sends no other 1-byte control; a 1-byte command APDU cannot exist (ISO/IEC 7816-4
        // §5.1: CLA INS P1 P2 at least). Answer rather than stay silent, or vpcd would wait forever.
        return { kind: 'answer', answer: respond(SW.wrongLength) };
    }
  }

  private async apdu(apdu: Uint8Array): Promise<VpcdReply> {
    try {
      return { kind: 'answer', answer: await this.slot.transmit(apdu) };
    } catch (error) {
      if (!(error instanceof CardMuteError) || !this.inserted) throw error;
      // vpcd cannot report a mute card except as removal; 6F 00 is the firmware's own word for
      // "the card stopped acknowledging" (SW in src/reader/memory/acs-pseudo-apdu.ts), so the host sees the same either way.
      return { kind: 'answer', answer: respond(SW.noPreciseDiagnosis) };
    }
  }

  /**
   * vpcd polls the ATR on every presence check (every ~400 ms), powered or not. Powering the card
   * each time would end its session (and a presented PSC), so the ATR is learnt once, by a power
   * cycle if the card was never powered through this session, and then repeated.
   */
  private async currentAtr(): Promise<Uint8Array> {
    if (this.atr) return this.atr;
    const wasPowered = this.slot.powered;
    this.atr = await this.slot.powerOn();
    if (!wasPowered) await this.slot.powerOff();
    return this.atr;
  }
}
