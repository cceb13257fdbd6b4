import { appAnswer, type AppAnswer, type AppCommand } from '../cards/application-apdu.ts';
import { cipherData, type Delivered } from './cipher-data.ts';
import { disperse } from './dispersion.ts';
import type { PsamProfile, PsamState } from './profile.ts';
import { creditSamForPurchase, initSamForPurchase, type SamPurchase } from './purchase.ts';
import { PSAM_SW } from './status-words.ts';

/** The PSAM's memory, as the card around the application keeps it. */
export interface PsamHost {
  readonly profile: PsamProfile;
  state(): PsamState;
  /** Writes the new state in one step (the terminal transaction sequence number). */
  commit(next: PsamState): void;
}

/**
 * The purchase and crypto functions of a PSAM (the terminal's secure access module): INIT SAM FOR
 * PURCHASE (MAC1), CREDIT SAM FOR PURCHASE (MAC2), DELIVERY KEY (dispersion) and CIPHER DATA. Class 80
 * commands; every other command is left to the card (its files: terminal number, serial, sequence).
 */
export class PsamApplication {
  private purchase: SamPurchase | undefined;
  private delivered: Delivered | undefined;

  constructor(private readonly host: PsamHost) {}

  handle(command: AppCommand): AppAnswer | undefined {
    if (command.cla !== 0x80) return undefined;
    switch (command.ins) {
      case 0x70: {
        if (command.p1 !== 0x00 || command.p2 !== 0x00) return appAnswer(PSAM_SW.wrongP1P2);
        const started = initSamForPurchase(this.host.profile, this.host.state(), command);
        if (started.next) this.host.commit(started.next);
        this.purchase = started.purchase;
        return started.answer;
      }
      case 0x72: {
        const purchase = this.purchase;
        this.purchase = undefined; // one verification per MAC1
        return creditSamForPurchase(command, purchase);
      }
      case 0x1a:
        return this.deliveryKey(command);
      case 0xfa: {
        const done = cipherData(command, this.delivered);
        this.delivered = done.delivered;
        return done.answer;
      }
      default:
        return undefined;
    }
  }

  /** Reset or power-off: sessions and delivered keys lived in RAM. */
  reset(): void {
    this.purchase = undefined;
    this.delivered = undefined;
  }

  /**
   * DELIVERY KEY (DES INIT) `80 1A P1 P2 Lc` factors: P1's high 3 bits the number of dispersion
   * levels, its low 5 bits the key usage; P2 the key id. The dispersed key serves CIPHER DATA.
   */
  private deliveryKey(command: AppCommand): AppAnswer {
    this.delivered = undefined;
    const levels = command.p1 >> 5;
    const usage = command.p1 & 0x1f;
    if (levels === 0 || levels > 3) return appAnswer(PSAM_SW.wrongP1P2);
    if (command.data.length !== 8 * levels) return appAnswer(PSAM_SW.wrongLength);
    const master = this.host.profile.keys.find((k) => k.usage === usage && k.id === command.p2);
    if (!master) return appAnswer(PSAM_SW.keyNotFound);
    this.delivered = { usage, key: disperse(master.value, command.data, this.host.profile.dispersionOrder) };
    return appAnswer(PSAM_SW.ok);
  }
}
