import { expect } from 'chai';
import { BossFrameError } from '../../../src/boss/codec/errors.ts';
import { DEMO } from '../../../src/boss/seed.ts';
import { body, openHarness, type Harness } from './harness.ts';

describe('BOSS service: decoding, banks and TXCODEs [bank-interface §1, §3, §6]', () => {
  let h: Harness;
  before(async () => {
    h = await openHarness();
  });
  after(() => h.close());

  describe('a body that does not decode', () => {
    it('1002 echoing TXCODE and BANKSERIAL when they were read', async () => {
      const answer = await h.send('1002|ICBC01|S1|20261123|101500|T01|C00012345|45.00|1|');
      expect(Buffer.from(answer.body).toString()).to.equal('1002|1002|malformed AMOUNT|S1||');
      expect(answer).to.include({ respCode: '1002', txcode: '1002', bankSerial: 'S1', bankcode: 'ICBC01', close: false, replayed: false });
    });

    it('1002 with TXCODE 0000 and no BANKSERIAL when the TXCODE is not 4 digits', async () => {
      expect(Buffer.from((await h.send('10X1|ICBC01|S1|')).body).toString()).to.equal('0000|1002|malformed TXCODE|||');
      expect(Buffer.from((await h.send('1001|ICBC01|')).body).toString()).to.equal('1001|1002|malformed BANKSERIAL|||');
    });

    it('1001 for a TXCODE the profile does not know', async () => {
      expect(await h.ask('4001|ICBC01|S2|20261123|101500|T01|X|')).to.equal('4001|1001|unknown TXCODE|S2||');
    });

    it('1004 and close for a body over the maximum', async () => {
      const answer = await h.send(`1001|ICBC01|S3|20261123|101500|T01|${'C'.repeat(8200)}|`);
      expect(answer).to.include({ respCode: '1004', close: true, txcode: '0000' });
    });
  });

  describe('framing errors (frameError)', () => {
    const context = { peerAddress: '127.0.0.1', receivedAt: 0, deadline: 5000 };
    it('1004 with TXCODE 0000 and close for an announced length over the maximum', () => {
      const answer = h.service.frameError(new BossFrameError('tooLarge', 'too large', Buffer.from('009999'), 9999), context);
      expect(Buffer.from(answer!.body).toString()).to.equal('0000|1004|frame too large|||');
      expect(answer).to.include({ close: true, respCode: '1004', bankSerial: '' });
    });
    it('1002 and close for a length prefix that is not digits; nothing for a stream cut mid-frame', () => {
      const answer = h.service.frameError(new BossFrameError('badPrefix', 'bad', Buffer.from('00A057')), context);
      expect(answer).to.include({ close: true, respCode: '1002', txcode: '0000' });
      expect(h.service.frameError(new BossFrameError('truncated', 'cut', Buffer.from('0000')), context)).to.equal(undefined);
    });
  });

  describe('banks [§1 allow-list, §6 1003/1001]', () => {
    it('1003 for an unknown BANKCODE', async () => {
      expect(await h.ask(body('1001', ['C00012345'], { bankcode: 'NOBANK', bankSerial: 'B1' }))).to.equal('1001|1003|BANKCODE unknown|B1||');
    });

    it('1003 for a bank sending from an address it is not bound to', async () => {
      expect(await h.ask(body('1001', ['C00012345'], { bankcode: DEMO.banks.abc, bankSerial: 'B2' }))).to.equal('1001|1003|BANKCODE not allowed from this address|B2||');
      expect(await h.ask(body('1001', ['C00012345'], { bankcode: DEMO.banks.abc, bankSerial: 'B2' }), DEMO.addresses.abc)).to.match(/^1001\|0000\|/);
    });

    it('1001 for a TXCODE not enabled for the bank', async () => {
      expect(await h.ask(body('1003', ['C00012348', '6222', 'ZHAO'], { bankcode: DEMO.banks.ccb, bankSerial: 'B3' }))).to.equal('1003|1001|TXCODE not enabled for this bank|B3||');
      expect(await h.ask(body('1001', ['C00012348'], { bankcode: DEMO.banks.ccb }))).to.match(/^1001\|0000\|/);
    });

    it('stores none of these refusals: the same key later is processed normally', async () => {
      const key = { bankSerial: 'REFUSED1' };
      expect(await h.ask(body('1001', ['C00012345'], { ...key, bankcode: DEMO.banks.abc }))).to.match(/^1001\|1003\|/);
      expect(await h.ask(body('1001', ['C00012345'], { ...key, bankcode: DEMO.banks.abc }), DEMO.addresses.abc)).to.match(/^1001\|0000\|/);
    });

    it('allows a peer bound to some bank, IPv4-mapped or not, and refreshes the list on demand', async () => {
      expect(h.service.allowsPeer('127.0.0.1')).to.equal(true);
      expect(h.service.allowsPeer('::ffff:127.0.0.1')).to.equal(true);
      expect(h.service.allowsPeer(DEMO.addresses.abc)).to.equal(true);
      expect(h.service.allowsPeer(DEMO.addresses.unbound)).to.equal(false);
      await h.store.unit((tx) => tx.saveBank({ bankcode: 'NEW01', name: 'NEW', addresses: ['127.0.0.2'], txcodes: ['1001'], ftpUser: 'new01', ftpPassword: 'x' }, 'ifAbsent'), { durable: true });
      expect(h.service.allowsPeer('127.0.0.2')).to.equal(false);
      await h.service.refreshPeers();
      expect(h.service.allowsPeer('127.0.0.2')).to.equal(true);
    });
  });
});
