import { concatBytes, uintBytes } from '../../../src/core/hex.ts';
import { answer, type PurseAnswer, type PurseCommand, type PurseHost } from './context.ts';
import { creditForLoad, initializeForLoad } from './load.ts';
import { debitForPurchase, initializeForPurchase } from './purchase.ts';
import type { PurseSession } from './session.ts';
import { SW } from './status-words.ts';
import { APPLICATION_P2 } from './transaction-types.ts';

/**
 * The PBOC electronic deposit / electronic purse application of a CPU card: GET BALANCE, INITIALIZE
 * FOR LOAD and FOR PURCHASE, CREDIT FOR LOAD, DEBIT FOR PURCHASE, GET TRANSACTION PROVE. It answers
 * the proprietary class 80 commands and leaves every other command to the card (undefined). A
 * session opened by INITIALIZE lasts until the next purse command, a reset or a power-off.
 */
export class PbocPurse {
  private session: PurseSession | undefined;

  constructor(private readonly host: PurseHost) {}

  handle(command: PurseCommand): PurseAnswer | undefined {
    if (command.cla !== 0x80) return undefined;
    // GET DATA reads without touching the session: the Changsha card reads its code between INITIALIZE and DEBIT
    if (command.ins === 0xca) return this.getData(command);
    const session = this.session;
    // any other purse command ends the open session: only its own completion may use it
    this.session = undefined;
    switch (command.ins) {
      case 0x5c:
        return this.balance(command);
      case 0x50:
        return this.initialize(command);
      case 0x52:
        if (command.p1 !== 0x00 || command.p2 !== 0x00) return answer(SW.wrongP1P2);
        return session?.kind === 'load' ? creditForLoad(this.host, command, session) : answer(SW.conditionsNotSatisfied);
      case 0x54:
        if (command.p1 !== 0x01 || command.p2 !== 0x00) return answer(SW.wrongP1P2);
        return session?.kind === 'purchase' ? debitForPurchase(this.host, command, session) : answer(SW.conditionsNotSatisfied);
      case 0x5a:
        return this.prove(command);
      default:
        return undefined;
    }
  }

  /** GET DATA `80 CA 00 00 Le`: the CAPP MAC1 suffix of a card that has one (psam_hsm.md §1.7); others do not know it. */
  private getData(command: PurseCommand): PurseAnswer | undefined {
    const suffix = this.host.profile.variant.cappMac1Suffix;
    if (!suffix) return undefined;
    if (command.p1 !== 0x00 || command.p2 !== 0x00) return answer(SW.wrongP1P2);
    return answer(SW.ok, suffix);
  }

  /** Reset or power-off: the open session is lost (it lived in RAM). */
  reset(): void {
    this.session = undefined;
  }

  private ownP2(p2: number): boolean {
    return p2 === APPLICATION_P2[this.host.profile.application];
  }

  /** GET BALANCE `80 5C 00 P2 04` → balance(4). */
  private balance(command: PurseCommand): PurseAnswer {
    if (command.p1 !== 0x00 || !this.ownP2(command.p2)) return answer(SW.wrongP1P2);
    return answer(SW.ok, uintBytes(this.host.state().balance, 4));
  }

  private initialize(command: PurseCommand): PurseAnswer {
    if (!this.ownP2(command.p2)) return answer(SW.wrongP1P2);
    const started = command.p1 === 0x00 ? initializeForLoad(this.host, command) : command.p1 === 0x01 || command.p1 === 0x03 ? initializeForPurchase(this.host, command) : { answer: answer(SW.wrongP1P2) };
    this.session = started.session;
    return started.answer;
  }

  /**
   * GET TRANSACTION PROVE `80 5A 00 P2 02` seq(2), P2 the transaction type → MAC2(4) ‖ TAC(4) of that
   * completed transaction (or TAC ‖ MAC2); 9406 when the card has none. Which seq it takes and the
   * order of the answer are the profile's variant.
   */
  private prove(command: PurseCommand): PurseAnswer {
    if (command.data.length !== 2) return answer(SW.wrongLength);
    const asked = (command.data[0]! << 8) | command.data[1]!;
    const offset = this.host.profile.variant.proveSequence === 'next' ? 1 : 0;
    const proof = this.host.state().proofs.find((p) => p.type === command.p2 && p.seq + offset === asked);
    if (!proof) return answer(SW.proofUnavailable);
    return answer(SW.ok, this.host.profile.variant.proveOrder === 'tac-mac2' ? concatBytes(proof.tac, proof.mac2) : concatBytes(proof.mac2, proof.tac));
  }
}
