import { expect } from 'chai';
import { startPeerRefresh } from '../../../src/boss/service/peer-refresh.ts';
import { openHarness } from './harness.ts';

describe('BOSS service: the allow-list is reloaded periodically [bank-interface §1]', function () {
  this.timeout(20_000);

  it('a bank bound to a new address in the ledger is let in after the next refresh, without a restart', async () => {
    const h = await openHarness();
    const errors: unknown[] = [];
    const refresh = startPeerRefresh(() => h.service.refreshPeers(), 30, (error) => errors.push(error));
    try {
      expect(h.service.allowsPeer('127.0.0.9')).to.equal(false);
      await h.store.unit((tx) => tx.saveBank({ bankcode: 'NEW01', name: 'NEW', addresses: ['127.0.0.9'], txcodes: ['1001'], ftpUser: '', ftpPassword: '' }, 'ifAbsent'), { durable: true });
      const until = Date.now() + 2000;
      while (!h.service.allowsPeer('127.0.0.9') && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(h.service.allowsPeer('127.0.0.9')).to.equal(true);
      expect(errors).to.deep.equal([]);
    } finally {
      refresh.stop();
      await h.close();
    }
  });

  it('a failed reload is reported and the next one tries again', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const refresh = startPeerRefresh(async () => {
      if (++calls === 1) throw new Error('ledger busy');
    }, 10, (error) => errors.push(error));
    await new Promise((resolve) => setTimeout(resolve, 80));
    refresh.stop();
    expect(calls).to.be.greaterThan(1);
    expect(errors).to.have.length(1);
  });
});
