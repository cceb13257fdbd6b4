import { concatBytes, parseHex } from '../../src/core/hex.ts';
import { diversifyKey } from '../../src/crypto/index.ts';
import { MemoryJournal, type PurseJournal, type PurseTerminal } from '../../src/purse/index.ts';
import type { ApduChannel } from '../../src/reader/apdu.ts';
import { EMPTY_PURSE, encodeRecord, type PurseState } from '../../simulators/cards/pboc-purse/index.ts';
import { KEY_USAGE, PsamApplication, PsamPool, type PsamState } from '../../simulators/psam/index.ts';
import { profileWith, PurseOnCard } from '../simulators/pboc-purse/support.ts';

/** Issuer master keys (test values), the issuer's id, one card's serial number and the purse's DF name. */
export const MPK = parseHex('00112233445566778899AABBCCDDEEFF');
export const MTK = parseHex('0F1E2D3C4B5A69788796A5B4C3D2E1F0');
export const MLK = parseHex('FEDCBA98765432100123456789ABCDEF');
export const ISSUER = 'ISSUER-01';
export const ASN = parseHex('1000000000001234');
export const AID = parseHex('A00000000386980701');
export const TERMINAL = parseHex('000001000050');

const sw = (value: number, data: Uint8Array = new Uint8Array(0)) => concatBytes(data, Uint8Array.of(value >> 8, value & 0xff));

/**
 * A purse card in a reader: SELECT of its DF name answers 9000 (and ends any purse session, as
 * selecting the application again does), READ RECORD reads its transaction log (SFI 18), class 80
 * goes to the purse. A power loss the test stages
 * makes the card mute for that command; `repower()` is the card coming back.
 */
export class CardInReader implements ApduChannel {
  readonly card: PurseOnCard;

  constructor(state: Partial<PurseState> = {}) {
    const derive = (master: Uint8Array) => diversifyKey(master, ASN);
    this.card = new PurseOnCard(profileWith({ dlk: derive(MLK), dpk: derive(MPK), dtk: derive(MTK) }), { ...EMPTY_PURSE, ...state });
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (command[0] === 0x00 && command[1] === 0xa4) {
      this.card.purse.reset();
      return sw(0x9000);
    }
    if (command[0] === 0x00 && command[1] === 0xb2 && command[3] === ((0x18 << 3) | 0x04)) {
      // READ RECORD n of the log (SFI 18): newest first, empty slots all zero, 6A83 past the last
      const n = command[2]!;
      if (n < 1 || n > this.card.profile.logSize) return sw(0x6a83);
      const record = this.card.state.log[n - 1];
      return sw(0x9000, record ? encodeRecord(record) : new Uint8Array(23));
    }
    const data = command.length > 5 ? command.slice(5, 5 + command[4]!) : new Uint8Array(0);
    const answer = this.card.purse.handle({ cla: command[0]!, ins: command[1]!, p1: command[2]!, p2: command[3]!, data });
    return answer ? sw(answer.sw, answer.data) : sw(0x6d00);
  }

  repower(): void {
    this.card.purse.reset();
  }
}

/** A PSAM of the issuer: the purchase application, and its terminal number file (READ BINARY SFI 16). */
export class PsamCard implements ApduChannel {
  state: PsamState = { terminalSeq: 0 };
  readonly app = new PsamApplication({
    profile: { terminalNumber: TERMINAL, keys: [{ usage: KEY_USAGE.purchase, id: 1, value: MPK }, { usage: KEY_USAGE.tac, id: 1, value: MTK }], dispersionOrder: 'last-first' },
    state: () => this.state,
    commit: (next) => (this.state = next),
  });

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (command[0] === 0x00 && command[1] === 0xb0 && command[2] === 0x96) return sw(0x9000, TERMINAL);
    const data = command.length > 5 ? command.slice(5, 5 + command[4]!) : new Uint8Array(0);
    const answer = this.app.handle({ cla: command[0]!, ins: command[1]!, p1: command[2]!, p2: command[3]!, data });
    return answer ? sw(answer.sw, answer.data) : sw(0x6d00);
  }
}

export function terminalFor(reader: CardInReader, options: { journal?: PurseJournal; psams?: PsamPool } = {}): PurseTerminal & { readonly pool: PsamPool } {
  let n = 0;
  const pool = options.psams ?? new PsamPool({ slots: [{ id: 'S1', issuer: ISSUER, channel: new PsamCard() }], maxLeaseMs: 10_000 });
  return {
    card: reader,
    psams: pool,
    pool,
    aid: AID,
    kind: 'EP',
    journal: options.journal ?? new MemoryJournal(),
    proveSequence: 'used',
    identify: async () => ({ issuer: ISSUER, factors: ASN }),
    newId: () => `P${++n}`,
  };
}
