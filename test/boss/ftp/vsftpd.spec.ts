import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDkFile } from '../../../src/boss/batch/dk-writer.ts';
import { processInbox } from '../../../src/boss/batch/process-inbox.ts';
import { DATE, scene } from '../batch/support/scene.ts';
import { bankDay, connectBank } from './support/bank-client.ts';
import { startVsftpd, VSFTPD_MISSING, vsftpdInstalled } from './support/vsftpd.ts';

/**
 * The same bank day through a real FTP server, vsftpd, started unprivileged with the bank home as
 * its anonymous root: the BOSS side sees only the directories, so it works behind any server.
 */
describe('vsftpd in front of a bank home [bank-interface §7]', function () {
  before(function () {
    if (!vsftpdInstalled()) {
      console.log(`      pending: ${VSFTPD_MISSING}`);
      this.skip();
    }
  });

  it('carries a bank day, and the BOSS picks the files up by scanning in/', async () => {
    const s = await scene('vsftpd-day');
    s.ledger.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: '20261123000002', custno: 'C00012345', amount: 4500 });
    const written = await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
    const server = await startVsftpd({ anonRoot: s.bank.home, workDir: join(s.ftpRoot, '..', 'vsftpd') });
    try {
      const client = await connectBank(server, 'anonymous', 'bank@icbc');
      const dk = await bankDay(client, s.profile, DATE, [['20261123000002', 'C00012345', 4500], ['20261123000009', 'C00012348', 100]]);
      client.close();
      expect(dk.equals(await readFile(written.path))).to.equal(true);
    } finally {
      await server.stop();
    }
    const { files } = await processInbox(s.bank, s.options);
    expect(files.map((f) => [f.name, f.status])).to.deep.equal([
      ['YH20261123.TXT', 'posted'],
      ['XJMX20261123.TXT', 'reconciled'],
      ['DKMX20261123.TXT', 'reconciled'],
    ]);
    expect(s.ledger.payments.filter((p) => p.kind === 'withholding').map((p) => [p.bankSerial, p.amount])).to.deep.equal([
      ['WD1', 2250],
      ['WD2', 3250],
    ]);
    expect(s.ledger.exceptions.map((e) => [e.kind, e.category, e.bankSerial])).to.deep.equal([['cash', 'bankOnly', '20261123000009']]);
    expect(await readdir(s.bank.inDir)).to.deep.equal([]);
  });
});
