import { expect } from 'chai';
import { concatBytes, parseHex, toCompactHex } from '../../../src/core/hex.ts';
import { diversifyKey, pad } from '../../../src/crypto/index.ts';
import type { AppAnswer } from '../../../simulators/cards/application-apdu.ts';
import { EMPTY_PURSE } from '../../../simulators/cards/pboc-purse/index.ts';
import { KEY_USAGE, PsamApplication, type PsamProfile, type PsamState } from '../../../simulators/psam/index.ts';
import { profileWith, PurseOnCard } from '../pboc-purse/support.ts';

/** Issuer master keys (test values) and one card's application serial number, the dispersion factor. */
const MPK = parseHex('00112233445566778899AABBCCDDEEFF');
const MTK = parseHex('0F1E2D3C4B5A69788796A5B4C3D2E1F0');
const MLK = parseHex('FEDCBA98765432100123456789ABCDEF');
const ASN = parseHex('1000000000001234');
const CITY = parseHex('4100FF0000000000');
const TERMINAL = parseHex('000001000050');

class Psam {
  state: PsamState = { terminalSeq: 41 };
  readonly app: PsamApplication;

  constructor(profile: Partial<PsamProfile> = {}) {
    this.app = new PsamApplication({
      profile: {
        terminalNumber: TERMINAL,
        keys: [
          { usage: KEY_USAGE.purchase, id: 1, value: MPK },
          { usage: KEY_USAGE.tac, id: 1, value: MTK },
        ],
        dispersionOrder: 'last-first',
        ...profile,
      },
      state: () => this.state,
      commit: (next) => (this.state = next),
    });
  }

  send(apdu: Uint8Array): AppAnswer | undefined {
    return this.app.handle({ cla: apdu[0]!, ins: apdu[1]!, p1: apdu[2]!, p2: apdu[3]!, data: apdu.slice(5, 5 + apdu[4]!) });
  }
}

const apdu = (header: string, data: Uint8Array) => concatBytes(parseHex(header), Uint8Array.of(data.length), data);
const hex = (bytes: Uint8Array | undefined) => (bytes ? toCompactHex(bytes) : 'none');

/** A card whose keys were dispersed from the issuer's master keys with `factors` (the card's own last). */
function cardFor(...levels: Uint8Array[]) {
  const derive = (master: Uint8Array) => levels.reduce((key, factor) => diversifyKey(key, factor), master);
  return new PurseOnCard(profileWith({ dlk: derive(MLK), dpk: derive(MPK), dtk: derive(MTK) }), { ...EMPTY_PURSE, balance: 10_000 });
}

/** The terminal's purchase with a PSAM: 8050 → 8070 → 8054 → 8072, as psam_hsm.md §2.3 lists it. */
function purchase(card: PurseOnCard, psam: Psam, amount: number, factors: Uint8Array, options: { corruptMac2?: boolean } = {}) {
  const init = card.send(`80 50 01 02 0B 01 ${amount.toString(16).padStart(8, '0')} ${toCompactHex(TERMINAL)}`)!;
  expect(init.sw, 'INITIALIZE FOR PURCHASE').to.equal(0x9000);
  const random = init.data.slice(11, 15);
  const offlineSeq = init.data.slice(4, 6);
  const dateTime = parseHex('20261123101500');
  const samData = concatBytes(random, offlineSeq, parseHex(amount.toString(16).padStart(8, '0')), Uint8Array.of(0x06), dateTime, init.data.slice(9, 11), factors);
  const sam = psam.send(apdu('80 70 00 00', samData))!;
  expect(sam.sw, 'INIT SAM FOR PURCHASE').to.equal(0x9000);
  const [terminalSeq, mac1] = [sam.data.slice(0, 4), sam.data.slice(4, 8)];
  const debit = card.send(`80 54 01 00 0F ${toCompactHex(terminalSeq)} 20261123 101500 ${toCompactHex(mac1)}`)!;
  const mac2 = debit.data.slice(4, 8);
  if (options.corruptMac2) mac2[0] = mac2[0]! ^ 0x01;
  const credit = psam.send(apdu('80 72 00 00', mac2));
  return { debit, credit, terminalSeq, dateTime };
}

describe('PSAM application with the purse: a purchase end to end [psam_hsm.md §2.2–§2.4]', () => {
  it('makes the MAC1 the card accepts, verifies the card\'s MAC2, counts its terminal transactions, and recomputes the TAC', () => {
    const card = cardFor(ASN);
    const psam = new Psam();
    const { debit, credit, terminalSeq } = purchase(card, psam, 1500, ASN);
    expect(debit.sw, 'DEBIT FOR PURCHASE: the card took the PSAM\'s MAC1').to.equal(0x9000);
    expect(credit?.sw, 'CREDIT SAM FOR PURCHASE: the PSAM took the card\'s MAC2').to.equal(0x9000);
    expect(hex(terminalSeq)).to.equal('0000002A');
    expect(psam.state.terminalSeq).to.equal(42);
    expect(card.state.balance).to.equal(8500);

    // the TAC again, in the PSAM: DELIVERY KEY (one level, TAC usage) then CIPHER DATA, single MAC block
    expect(psam.send(apdu('80 1A 2C 01', ASN))?.sw).to.equal(0x9000);
    const tacInput = concatBytes(parseHex('000005DC 06'), TERMINAL, terminalSeq, parseHex('20261123 101500'));
    const tac = psam.send(apdu('80 FA 05 00', concatBytes(new Uint8Array(8), pad(tacInput, 8, 2))));
    expect([tac?.sw, hex(tac?.data)]).to.deep.equal([0x9000, hex(debit.data.slice(0, 4))]);
  });

  it('also with two dispersion levels (the card\'s serial number, then the city code), applied city first', () => {
    const card = cardFor(CITY, ASN);
    const { debit, credit } = purchase(card, new Psam(), 200, concatBytes(ASN, CITY));
    expect([debit.sw, credit?.sw]).to.deep.equal([0x9000, 0x9000]);
  });

  it('refuses a MAC2 that is not the card\'s (9302), a CREDIT SAM without its INIT (6985), a key version it lacks (6A88)', () => {
    const card = cardFor(ASN);
    const psam = new Psam();
    expect(purchase(card, psam, 100, ASN, { corruptMac2: true }).credit?.sw).to.equal(0x9302);
    expect(psam.send(apdu('80 72 00 00', parseHex('00000000')))?.sw).to.equal(0x6985);
    const badVersion = concatBytes(new Uint8Array(18), Uint8Array.of(0x07, 0x00), ASN);
    expect(psam.send(apdu('80 70 00 00', badVersion))?.sw).to.equal(0x6a88);
    expect(psam.send(apdu('80 70 00 00', new Uint8Array(0x15)))?.sw, 'Lc not 0x14 + 8·N').to.equal(0x6700);
    expect(psam.send(apdu('80 FA 05 00', new Uint8Array(16)))?.sw, 'CIPHER DATA before DELIVERY KEY').to.equal(0x6985);
  });

  it('chains a MAC over several CIPHER DATA commands to the same value as in one', () => {
    const psam = new Psam();
    const data = pad(parseHex('00112233445566778899AABBCCDDEEFF0011223344'), 8, 2);
    psam.send(apdu('80 1A 26 01', ASN)); // MAC usage has no key in this PSAM
    expect(psam.send(apdu('80 FA 05 00', concatBytes(new Uint8Array(8), data)))?.sw).to.equal(0x6985);
    expect(psam.send(apdu('80 1A 2C 01', ASN))?.sw).to.equal(0x9000);
    const whole = psam.send(apdu('80 FA 05 00', concatBytes(new Uint8Array(8), data)))!;
    expect(psam.send(apdu('80 FA 07 00', concatBytes(new Uint8Array(8), data.slice(0, 8))))?.sw).to.equal(0x9000);
    expect(psam.send(apdu('80 FA 03 00', data.slice(8, 16)))?.sw).to.equal(0x9000);
    const last = psam.send(apdu('80 FA 01 00', data.slice(16)))!;
    expect(hex(last.data)).to.equal(hex(whole.data));
    expect(psam.send(apdu('80 FA 01 00', data.slice(16)))?.sw, 'no chain open any more').to.equal(0x6985);
  });
});
