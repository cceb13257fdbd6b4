import { expect } from 'chai';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDailyFile, encodeDailyFile } from '../../../src/boss/codec/daily-file.ts';
import { VirtualClock } from '../../../src/core/clock.ts';
import { BankFtp, BankEmulatorError, bankPersona, deliverFile } from '../../../simulators/bank/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { EXAMPLE_MS, exampleBank } from './support/fixtures.ts';
import { ScriptedBoss } from './support/scripted-boss.ts';
import { startFtpServer, type TestFtpServer } from './support/ftp-server.ts';

const ACCOUNT = { user: 'icbc01', password: 'icbc01' };

describe('bank emulator: FTP with basic-ftp against ftp-srv [bank-interface §7]', function () {
  this.timeout(20_000);
  let ftp: TestFtpServer;
  let boss: ScriptedBoss;
  before(async () => {
    const signals = process.listenerCount('SIGTERM') + process.listenerCount('SIGINT') + process.listenerCount('SIGQUIT');
    ftp = await startFtpServer(await tempDir('bank-ftp'), ACCOUNT);
    // ftp-srv's process.exit handlers are gone
    expect(process.listenerCount('SIGTERM') + process.listenerCount('SIGINT') + process.listenerCount('SIGQUIT')).to.equal(signals);
    boss = await ScriptedBoss.start();
  });
  after(async () => {
    await ftp.close();
    await boss.close();
  });
  const connect = () => BankFtp.connect({ host: '127.0.0.1', port: ftp.port, ...ACCOUNT }, boss.profile);

  it('downloads DK from out/ once its flag is there, answers it with YH and DKMX in in/, each followed by its flag', async () => {
    const { bank } = exampleBank(boss);
    const dk = {
      layout: 'DK',
      header: { TAG: 'H', DATE: '20261123', COUNT: '2', TOTAL: '4500' },
      details: [
        { SEQ: '1', CUSTNO: 'C00020004', ACCTNO: '6222020000020004', ACCTNAME: 'ACCT20004', AMOUNT: '2250' },
        { SEQ: '2', CUSTNO: 'C00020008', ACCTNO: '6222020000020008', ACCTNAME: 'ACCT20008', AMOUNT: '2250' },
      ],
    };
    const dkBytes = encodeDailyFile(bank.profile, dk);
    await writeFile(join(ftp.root, 'out/DK20261123.TXT'), dkBytes);
    const client = await connect();
    try {
      const early = await client.downloadBatch('20261123').catch((e: unknown) => e);
      expect(early).to.be.instanceOf(BankEmulatorError).with.property('reason', 'batchNotReady');
      await writeFile(join(ftp.root, 'out/DK20261123.TXT.OK'), '');
      const batch = await client.downloadBatch('20261123');
      expect(batch.name).to.equal('DK20261123.TXT');
      expect(Buffer.from(batch.bytes).equals(Buffer.from(dkBytes))).to.equal(true);

      const yh = bank.encodeFile(bank.withholdingResultFile(batch));
      const dkmx = bank.encodeFile(bank.withholdingDetailFile());
      expect(await deliverFile(client, bank.profile, yh)).to.deep.equal(['in/YH20261123.TXT', 'in/YH20261123.TXT.OK']);
      await deliverFile(client, bank.profile, dkmx);
    } finally {
      client.close();
    }
    expect((await readdir(join(ftp.root, 'in'))).sort()).to.include.members(['DKMX20261123.TXT', 'DKMX20261123.TXT.OK', 'YH20261123.TXT', 'YH20261123.TXT.OK']);
    const yhOnDisk = Uint8Array.from(await readFile(join(ftp.root, 'in/YH20261123.TXT')));
    const decoded = decodeDailyFile(bank.profile, 'YH', yhOnDisk, { fileName: 'YH20261123.TXT' });
    expect(decoded.details.map((d) => d.CUSTNO)).to.deep.equal(['C00020004', 'C00020008']);
    expect((await readFile(join(ftp.root, 'in/YH20261123.TXT.OK'))).length).to.equal(0);
    await bank.close();
  });

  it('a file persona works through FTP the same way (file-late-flag: file, then flag)', async () => {
    const { bank } = exampleBank(boss);
    await bank.pay('C00012345', 4500);
    const xjmx = bank.encodeFile(bank.cashDetailFile());
    const client = await connect();
    try {
      const persona = bankPersona('file-late-flag');
      if (persona.kind !== 'file') throw new Error('not a file persona');
      const outcome = await persona.run({ profile: bank.profile, drop: client, clock: new VirtualClock(EXAMPLE_MS), file: xjmx, delayMs: 1_000 });
      expect(outcome.steps.map((s) => s.path)).to.deep.equal(['in/XJMX20261123.TXT', 'in/XJMX20261123.TXT.OK']);
      expect(await client.list('in')).to.include.members(['XJMX20261123.TXT', 'XJMX20261123.TXT.OK']);
    } finally {
      client.close();
    }
    expect(Buffer.from(await readFile(join(ftp.root, 'in/XJMX20261123.TXT'))).equals(Buffer.from(xjmx.bytes))).to.equal(true);
    await bank.close();
  });

  it('a wrong password is a BankEmulatorError naming the account', async () => {
    const error = await BankFtp.connect({ host: '127.0.0.1', port: ftp.port, user: 'icbc01', password: 'nope' }, boss.profile).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(BankEmulatorError).with.property('reason', 'ftp');
    expect((error as Error).message).to.contain('icbc01@127.0.0.1');
  });
});
