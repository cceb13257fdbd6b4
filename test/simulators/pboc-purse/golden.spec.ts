import { expect } from 'chai';
import { parseHex, toCompactHex } from '../../../src/core/hex.ts';
import { encodeRecord } from '../../../simulators/cards/pboc-purse/index.ts';
import { CHANGSHA, profileWith, PurseOnCard } from './support.ts';

const hex = (bytes: Uint8Array | undefined) => (bytes ? toCompactHex(bytes) : 'none');

/**
 * The purse against public traces (psam_hsm.md §1.8): the Changsha metro card's load and CAPP purchase
 * (ConardLKL/ChangSha@2c2754fc doc/华大智宝: t2_load.txt, t7_purchase.py, t4_readTransRecord.txt), and
 * the widely copied cnblogs example (https://cnblogs.com/ttss/p/4280430.html).
 */
describe('PBOC purse application: golden transcripts [PBOC 2.0 e-purse]', () => {
  it('loads 0x1C37 fen as the Changsha card did: INITIALIZE answer and MAC1, MAC2 accepted, TAC, and the log record', () => {
    const card = new PurseOnCard(profileWith(CHANGSHA));
    card.randoms.push(parseHex('CDEF4F20'));
    const init = card.send('80 50 00 02 0B 01 00001C37 000001000050 10');
    expect([init?.sw, hex(init?.data)]).to.deep.equal([0x9000, '0000000000000100CDEF4F2006B1BEF5']);
    const credit = card.send('80 52 00 00 0B 20140825 103100 0641DCD8 04');
    expect([credit?.sw, hex(credit?.data)], 'TAC as the card returned it').to.deep.equal([0x9000, 'ED0F8755']);
    expect(card.state.balance).to.equal(0x1c37);
    expect(card.state.onlineSeq).to.equal(1);
    expect(hex(encodeRecord(card.state.log[0]!)), 'the record READ RECORD returned after the load').to.equal('0001' + '000000' + '00001C37' + '02' + '000001000050' + '20140825' + '103100');
  });

  it('debits the Changsha CAPP purchase: its MAC2 and TAC are the card\'s (MAC1 on the standard PBOC input)', () => {
    const card = new PurseOnCard(profileWith(CHANGSHA));
    card.randoms.push(parseHex('CDEF4F20'), parseHex('9AC87503'));
    card.send('80 50 00 02 0B 01 00001C37 000001000050 10');
    card.send('80 52 00 00 0B 20140825 103100 0641DCD8 04');
    const init = card.send('80 50 03 02 0B 01 00001C37 000000000001 0F');
    expect([init?.sw, hex(init?.data)]).to.deep.equal([0x9000, '00001C37' + '0000' + '000000' + '01' + '00' + '9AC87503']);
    // the real card took MAC1 over the Changsha variant's longer input (303D735D); a standard card takes CD573164
    const debit = card.send('80 54 01 00 0F 00000001 20110919 204812 CD573164 08');
    expect([debit?.sw, hex(debit?.data)], 'TAC ‖ MAC2 as the card returned them').to.deep.equal([0x9000, '44A8E04A' + '350AC480']);
    expect([card.state.balance, card.state.offlineSeq]).to.deep.equal([0, 1]);
  });

  it('debits the cnblogs example purchase: MAC1 F15CAB75 accepted, MAC2 56988A13', () => {
    const key = parseHex('11223344556677888877665544332211');
    const card = new PurseOnCard(profileWith({ dlk: key, dpk: key, dtk: key }), { balance: 0x10000, onlineSeq: 1, offlineSeq: 0, log: [], proofs: [] });
    card.randoms.push(parseHex('11223344'));
    expect(card.send('80 50 01 02 0B 01 00001000 001122334455 0F')?.sw).to.equal(0x9000);
    const debit = card.send('80 54 01 00 0F 00000001 20120229 135100 F15CAB75 08');
    expect(debit?.sw).to.equal(0x9000);
    expect(hex(debit?.data.slice(4)), 'MAC2').to.equal('56988A13');
  });
});
